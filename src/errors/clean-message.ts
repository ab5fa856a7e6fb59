import { relative, sep } from "node:path";
import { stripVTControlCharacters } from "node:util";

// An absolute path or file URL in running text, up to a quote, space, bracket or `:line:col`.
// The look-behind keeps `//host/x` inside `https://host/x` from reading as a path.
const PATH = /(?<![\w.:/])(?:file:\/\/)?\/[^\s"'`()<>[\]{}:,;]+/g;

export interface CleanOptions {
  /** The file behind a path or URL the runtime wrote (versioned, file URL, import link). */
  readonly sourcePath: (location: string) => string;
  /** Paths inside it are shown relative to it: the plugins folder's parent. */
  readonly base: string;
}

/**
 * A runtime's message as a user should read it: without terminal colours (Deno colours its
 * own messages), version queries, import links or absolute paths inside `base`. Paths outside
 * `base` and URLs stay as they are.
 */
export function cleanMessage(text: string, options: CleanOptions): string {
  const inside = options.base.endsWith(sep) ? options.base : `${options.base}${sep}`;
  return stripVTControlCharacters(text).replace(PATH, (token) => {
    const path = options.sourcePath(token);
    return path.startsWith(inside) ? relative(options.base, path) : token;
  });
}
