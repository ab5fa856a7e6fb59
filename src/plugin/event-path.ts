import { isAbsolute, relative, sep } from "node:path";

/**
 * A path as events name it: relative to the plugins folder (host:ready's `dir`), with `/`
 * separators, e.g. `greeter/index.ts` or `_shared/format.ts`, so a tool joins it with `dir`.
 */
export function eventPath(root: string, file: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(root, file) || file;
  return sep === "/" ? rel : rel.split(sep).join("/");
}
