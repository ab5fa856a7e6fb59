import type { Stats } from "node:fs";

type Test =
  | "isFile"
  | "isDirectory"
  | "isFIFO"
  | "isCharacterDevice"
  | "isBlockDevice"
  | "isSocket";

const KINDS: readonly (readonly [Test, string])[] = [
  ["isFile", "a regular file"],
  ["isDirectory", "a directory"],
  ["isFIFO", "a FIFO"],
  ["isCharacterDevice", "a character device"],
  ["isBlockDevice", "a block device"],
  ["isSocket", "a socket"],
];

/**
 * What a path that is not a regular file is, for a message that says why it was not read: a
 * FIFO would block a read until a writer came, a device such as /dev/zero never ends.
 */
export function fileKind(info: Stats): string {
  return KINDS.find(([is]) => info[is]())?.[1] ?? "not a regular file";
}
