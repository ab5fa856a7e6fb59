const hex = (byte: number) => `\\x${byte.toString(16).padStart(2, "0")}`;

/** The length of the well-formed UTF-8 sequence at `i` (RFC 3629 table 3-7), or 0. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i] as number;
  if (lead < 0x80) return 1;
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) low = 0xa0; // overlong
    if (lead === 0xed) high = 0x9f; // UTF-16 surrogates
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) low = 0x90; // overlong
    if (lead === 0xf4) high = 0x8f; // above U+10FFFF
  } else return 0;
  for (let k = 1; k < length; k++) {
    const byte = bytes[i + k];
    if (byte === undefined || byte < (k === 1 ? low : 0x80) || byte > (k === 1 ? high : 0xbf)) {
      return 0;
    }
  }
  return length;
}

const decoder = new TextDecoder();

/**
 * A name as people can read it: valid UTF-8 as text, every other byte as `\xNN`
 * (`caf\xe9` for the Latin-1 bytes of "café"), so a message can name a file that no string
 * can name.
 */
export function escapeBytes(bytes: Uint8Array): string {
  let out = "";
  let run = 0; // start of the current run of valid bytes
  for (let i = 0; i < bytes.length; ) {
    const length = sequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    out += decoder.decode(bytes.subarray(run, i)) + hex(bytes[i] as number);
    run = ++i;
  }
  return out + decoder.decode(bytes.subarray(run));
}
