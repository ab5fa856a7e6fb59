import {
  lstatSync,
  type PathLike,
  readlinkSync,
  realpathSync,
  type Stats,
  statSync,
} from "node:fs";

// Vanished between readdir and stat: undefined, not a throw (and one options object, not 10,000).
const NO_THROW = { throwIfNoEntry: false } as const;

/** lstat, or undefined for a path that is gone or cannot be stat'ed (EACCES, ...). */
export function lstatQuietly(path: string): Stats | undefined {
  try {
    return lstatSync(path, NO_THROW);
  } catch {
    return undefined;
  }
}

/**
 * stat (following links), or undefined: missing, dangling, ELOOP, EACCES. A Buffer path reaches
 * a name that is not UTF-8.
 */
export function statQuietly(path: PathLike): Stats | undefined {
  try {
    return statSync(path, NO_THROW);
  } catch {
    return undefined;
  }
}

/** A link's target, or "" when it cannot be read (gone, or not a link any more). */
export function readlinkQuietly(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return "";
  }
}

/** The path with every link resolved, or undefined when it does not resolve (gone, ELOOP). */
export function realpathQuietly(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}
