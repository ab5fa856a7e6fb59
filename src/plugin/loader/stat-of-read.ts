import { type FileStat, isRacy, type StatFields } from "../../fs/file-stat.ts";

/**
 * What a read of a file at `now` saw, for a later look to compare with (file-stat.ts): its
 * stat, taken before the read, and the digest of the bytes read while that stat is racy, as a
 * later write could then leave it unchanged.
 */
export function statOfRead(st: StatFields, digest: string | undefined, now: number): FileStat {
  const { dev, ino, size, mtimeMs, ctimeMs } = st;
  return {
    dev,
    ino,
    size,
    mtimeMs,
    ctimeMs,
    target: undefined,
    digest: isRacy(st, now) ? digest : undefined,
  };
}
