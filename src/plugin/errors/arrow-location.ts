import type { SourceLocation } from "../reload-error.ts";

// How Node prints the place of a syntax error (an uncaught one, `node --check`, and the stack
// of an ES module link error):
//   file:///a/b.js?v=1:3   <- location:line
//   const a = ;            <- the line
//             ^           <- the column (tabs before it kept as tabs)
const ARROW = /^((?:file:\/\/)?\/[^\n]*):(\d+)\n(.*)\n([ \t]*)\^/;

/** The place at the start of `text` in Node's arrow format, `file` as Node wrote it. */
export function arrowLocation(text: string): SourceLocation | undefined {
  const match = ARROW.exec(text);
  if (!match) return undefined;
  return {
    file: match[1] as string,
    line: Number(match[2]),
    column: (match[4] as string).length + 1,
    lineText: match[3] as string,
  };
}
