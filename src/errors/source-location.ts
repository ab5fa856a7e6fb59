import { readFileSync } from "node:fs";

/**
 * A place in a source file (1-based line and column), with the line's text for a code frame.
 * This file is a leaf: src/runtime/ may import it, and it imports nothing of hotplug's.
 */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly lineText?: string;
}

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

/**
 * The offending line with a caret under the column, like Bun's and Vite's error output.
 * Tabs before the column stay tabs, so the caret lines up however wide the terminal shows them.
 */
export function codeFrame(location: SourceLocation): string | undefined {
  if (location.lineText === undefined) return undefined;
  const gutter = `${location.line} | `;
  const before = location.lineText.slice(0, Math.max(0, location.column - 1));
  const pad = before.replace(/[^\t]/g, " ");
  return `${gutter}${location.lineText}\n${" ".repeat(gutter.length - 2)}| ${pad}^`;
}

/**
 * Line `line` (1-based) of `file` as it is on disk now, or undefined when the file or the line
 * is gone. Stacks carry no source text, so a hook's or timer's code frame is read back from the
 * file. That is the code that threw: the report is made as the failure is recorded, right
 * after the throw, and a save since then starts a reload of its own whose result is reported
 * next. At worst a save in that moment shows the new text of the line the error points to.
 */
export function sourceLine(file: string, line: number): string | undefined {
  try {
    return readFileSync(file, "utf8").split(/\r?\n/)[line - 1];
  } catch {
    return undefined;
  }
}

/** 1-based line and column of `offset`; a position at the very end is still a real place. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: offset - lineStart + 1 };
}

/** The place of `offset` in `text`, the content of `file`, with its line for a code frame. */
export function locationAt(file: string, text: string, offset: number): SourceLocation {
  const { line, column } = lineAndColumn(text, offset);
  const start = offset - column + 1;
  const end = text.indexOf("\n", start);
  const lineText = text.slice(start, end === -1 ? text.length : end).replace(/\r$/, "");
  return { file, line, column, lineText };
}
