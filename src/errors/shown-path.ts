import { isAbsolute, relative, sep } from "node:path";

/**
 * A path as people read it, in messages and the human log alike: relative to the working
 * directory `cwd` when inside it (`plugins/greeter/index.ts`), absolute otherwise.
 */
export function shownPath(file: string, cwd: string): string {
  if (!isAbsolute(file)) return file;
  const inside = cwd.endsWith(sep) ? cwd : `${cwd}${sep}`;
  return file.startsWith(inside) ? relative(cwd, file) : file;
}

/**
 * A path as events name it: relative to the plugins folder (host:ready's `dir`), with `/`
 * separators, e.g. `greeter/index.ts` or `_shared/format.ts`, so a tool joins it with `dir`.
 */
export function eventPath(root: string, file: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(root, file) || file;
  return sep === "/" ? rel : rel.split(sep).join("/");
}

/** What paths are relative to: the plugins folder for events, the working directory for people. */
export interface PathContext {
  /** The plugins folder's real path now (host:ready's `dir`, symlinks resolved). */
  readonly root: string;
  readonly cwd: string;
}
