import type { Stats } from "node:fs";
import { fileDigest } from "./content-digest.ts";

/**
 * What one look at a file recorded. Stat is a hint, never proof: a change of any field is a
 * change, and a stat taken too close to the file's own timestamps (racy, as git calls it)
 * keeps the content's digest, so a later look with the same stat compares bytes.
 */
export interface FileStat {
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
  /** Moves on every write, rename, chmod and utimes; `touch -d` cannot set it back. */
  readonly ctimeMs: number;
  /**
   * For a link the walk does not follow (to a folder, or dangling): where it points. The other
   * fields are then the link's own (lstat), so re-pointing it (a new link renamed over it) is a
   * change. Undefined for files and followed links to files (their target's stat).
   */
  readonly target: string | undefined;
  /** sha1 of the content while the entry is racy; undefined once a look proved the stat. */
  readonly digest: string | undefined;
}

/** The stat fields read from node's Stats (or anything shaped like it, for tests). */
export type StatFields = Pick<Stats, "dev" | "ino" | "size" | "mtimeMs" | "ctimeMs">;

/**
 * How close to a timestamp a look must be for a same-length rewrite to keep that timestamp.
 * Linux stamps files from a coarse clock that ticks every jiffy: 4 ms here (CONFIG_HZ=250,
 * measured), 10 ms at HZ=100, the coarsest Linux build; the coarse clock also lags real time by
 * up to one tick. 20 ms covers both with room to spare. Being generous costs only an extra hash
 * of a file written in the last 20 ms.
 */
export const RACY_WINDOW_MS = 20;

/**
 * File systems that stamp whole seconds (ext3, HFS+, many network mounts) or two seconds
 * (FAT), and runtimes that cut a stamp to whole seconds (Deno 2's node:fs gives ctime so, on
 * every file system): a timestamp on a second boundary might be one of those, so it stays racy
 * for 2 s. A fine stamp lands on a whole second once in a thousand files: a spare hash.
 */
export const COARSE_RACY_WINDOW_MS = 2_000 + RACY_WINDOW_MS;

/**
 * Racy files larger than this are not hashed: plugin sources are small, and hashing a growing
 * log on every append would cost more than it proves. Their stat still counts, field by field.
 */
export const MAX_DIGEST_BYTES = 4 * 2 ** 20;

/**
 * Whether `now` is within one tick of `stamp`. The tick is judged per stamp, not per file: on
 * Deno a fine mtime comes with a whole-second ctime, and a second write within that second
 * leaves the ctime as it was, so it is the ctime that must stay racy for the second.
 */
const near = (stamp: number, now: number) =>
  Math.abs(now - stamp) <= (stamp % 1000 === 0 ? COARSE_RACY_WINDOW_MS : RACY_WINDOW_MS);

/**
 * git's racy rule: a later write could leave this stat unchanged, because the look (at `now`,
 * `Date.now()`) came within one timestamp tick of the file's own stamps. A stamp far in the
 * future (`touch -d`, clock skew) is not racy: any write would replace it with the present.
 */
export function isRacy(st: StatFields, now: number): boolean {
  return near(st.mtimeMs, now) || near(st.ctimeMs, now);
}

/** Whether every stat field matches: any that moved is a change. */
export function sameStat(a: StatFields, b: StatFields): boolean {
  return (
    a.ino === b.ino &&
    a.mtimeMs === b.mtimeMs &&
    a.size === b.size &&
    a.ctimeMs === b.ctimeMs &&
    a.dev === b.dev
  );
}

/** The record's fields copied out of `st`: a tree keeps one per entry, never node's whole Stats. */
export function toFileStat(
  st: StatFields,
  target: string | undefined,
  digest: string | undefined,
): FileStat {
  const { dev, ino, size, mtimeMs, ctimeMs } = st;
  return { dev, ino, size, mtimeMs, ctimeMs, target, digest };
}

/**
 * The record of a look at `path` at `now`, given the previous record `old`. An unchanged,
 * proven entry keeps its old object (no allocation for the common case). A racy one is hashed
 * again: a different digest is a change that the stat could not show.
 */
export function observe(
  path: string,
  st: StatFields,
  old: FileStat | undefined,
  now: number,
  target?: string,
): FileStat {
  if (old && old.target === target && sameStat(old, st)) {
    if (old.digest === undefined) return old;
    const digest = fileDigest(path);
    if (digest !== undefined && digest !== old.digest) return toFileStat(st, target, digest);
    return isRacy(st, now) ? old : toFileStat(st, target, undefined);
  }
  // A link's content is its target, compared as it is: no digest.
  const racy = target === undefined && st.size <= MAX_DIGEST_BYTES && isRacy(st, now);
  return toFileStat(st, target, racy ? fileDigest(path) : undefined);
}

/** Whether two records can be the same version of a file (a missing digest proves nothing). */
export function sameFile(a: FileStat, b: FileStat): boolean {
  return (
    a === b ||
    (sameStat(a, b) &&
      a.target === b.target &&
      (a.digest === undefined || b.digest === undefined || a.digest === b.digest))
  );
}

/**
 * Whether `b` can be `a` moved to another name: a rename moves ctime, nothing else. Requiring
 * size, mtime and content to match too keeps a reused inode number from passing for a rename.
 */
export function sameFileMoved(a: FileStat, b: FileStat): boolean {
  return (
    a.ino === b.ino &&
    a.dev === b.dev &&
    a.size === b.size &&
    a.mtimeMs === b.mtimeMs &&
    a.target === b.target &&
    (a.digest === undefined || b.digest === undefined || a.digest === b.digest)
  );
}
