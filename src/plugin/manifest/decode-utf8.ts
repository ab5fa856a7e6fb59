import { lineAndColumn } from "../../errors/source-location.ts";

export type DecodeResult =
  | { readonly ok: true; readonly text: string }
  | {
      readonly ok: false;
      readonly line: number;
      readonly column: number;
      readonly problem: string;
    };

/**
 * Strict UTF-8 decoding; a leading BOM is dropped (TextDecoder's default, `ignoreBOM: false`,
 * already does that, so editors that write one are fine). On failure it says where: the fatal
 * decoder only says "not valid", so the first bad prefix is found by bisection (decoding a
 * prefix with `stream: true` fails only once a sequence is certainly broken, so failure is
 * monotonic in the prefix length), and the place is the start of the broken sequence.
 */
export function decodeUtf8(bytes: Uint8Array): DecodeResult {
  const decode = (end: number, stream: boolean) =>
    new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, end), { stream });
  try {
    return { ok: true, text: decode(bytes.length, false) };
  } catch {
    // handled below
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, line: 1, column: 1, problem: "file is UTF-16; save it as UTF-8" };
  }
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const mid = (good + bad) >>> 1;
    if (fits(() => decode(mid, true))) good = mid;
    else bad = mid;
  }
  // The good prefix decoded in stream mode leaves out a pending partial sequence, so its
  // length points at where the broken sequence begins.
  const text = decode(good, true);
  const offset = new TextEncoder().encode(text).length;
  const byte = bytes[offset] ?? 0;
  const hex = byte.toString(16).padStart(2, "0");
  const problem = `not valid UTF-8 (byte 0x${hex} at byte offset ${offset}); save the file as UTF-8`;
  return { ok: false, ...lineAndColumn(text, text.length), problem };
}

function fits(run: () => unknown): boolean {
  try {
    run();
    return true;
  } catch {
    return false;
  }
}
