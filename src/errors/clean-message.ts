import { stripVTControlCharacters } from "node:util";
import { shownPath } from "./shown-path.ts";

// An absolute path or file URL in running text, up to a quote, space, bracket or `:line:col`.
// The look-behind keeps `//host/x` inside `https://host/x` from reading as a path.
const PATH = /(?<![\w.:/])(?:file:\/\/)?\/[^\s"'`()<>[\]{}:,;]+/g;

export interface CleanOptions {
  /** The file behind a path or URL the runtime wrote (versioned, file URL, import link). */
  readonly sourcePath: (location: string) => string;
  /** The working directory: paths are shown by shownPath's rule. */
  readonly cwd: string;
}

/**
 * A runtime's message as a user should read it: without terminal colours (Deno colours its
 * own messages), version queries or import links, and its paths shown as everywhere else:
 * relative to the working directory when inside it, absolute otherwise. URLs stay as they are.
 */
export function cleanMessage(text: string, options: CleanOptions): string {
  return stripVTControlCharacters(text).replace(PATH, (token) =>
    shownPath(options.sourcePath(token), options.cwd),
  );
}
