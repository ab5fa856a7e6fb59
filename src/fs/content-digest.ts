import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";

/**
 * A file's content in a few bytes: what "the same file" means once stat cannot prove it
 * (git's racy entries, a save whose stat repeats an earlier one). node:crypto, so every
 * runtime computes the same digest.
 */
export function contentDigest(content: Uint8Array): string {
  return createHash("sha1").update(content).digest("base64");
}

/**
 * The digest of the file at `path` now, or undefined when it cannot be read or is not a regular
 * file: reading a FIFO blocks until a writer comes (the whole host with it, the read being
 * synchronous), and a device such as /dev/zero never ends.
 */
export function fileDigest(path: string): string | undefined {
  try {
    if (!statSync(path).isFile()) return undefined;
    return contentDigest(readFileSync(path));
  } catch {
    return undefined;
  }
}
