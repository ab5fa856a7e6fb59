import { stripVTControlCharacters } from "node:util";
import { messageOf } from "./hotplug-error.ts";
import { arrowLocation, type SourceLocation } from "./source-location.ts";

/** One message of a failed build (parse or resolve), where the runtime says it is. */
export interface BuildProblem {
  readonly message: string;
  readonly location: SourceLocation;
}

interface Position {
  readonly file?: unknown;
  readonly line?: unknown;
  readonly column?: unknown;
  readonly lineText?: unknown;
}

// Deno writes the place into the message: `Identifier 'a' has already been declared at
// file:///a.ts?v=1:2:7`, or a code frame then `    at file:///a.ts?v=1:2:11`.
const MESSAGE_LOCATION = /\s+at ((?:file:\/\/)?\/\S+):(\d+):(\d+)\s*$/m;
const DENO_FRAME_LINE = /^\s*(\d+) \| (.*)$/gm;

/**
 * The build messages behind a failed import, each with its position; empty when the error
 * names none. Bun throws a BuildMessage (`position`: file, line, column, lineText) for one
 * problem and an AggregateError of them (`errors`) for several; Deno puts the position into
 * the message; Node puts it before a link error's stack (`does not provide an export named`).
 * Read by shape, not class, so plain copies (from a Worker) read the same.
 */
export function buildProblems(
  error: unknown,
  sourcePath: (location: string) => string,
): BuildProblem[] {
  const errors = (error as { errors?: unknown } | null)?.errors;
  const items = Array.isArray(errors) ? errors : [error];
  const problems: BuildProblem[] = [];
  for (const item of items) {
    const problem =
      positioned(item, sourcePath) ?? messageLocated(item, sourcePath) ?? arrowed(item, sourcePath);
    if (problem) problems.push(problem);
  }
  return problems;
}

function positioned(item: unknown, sourcePath: (location: string) => string) {
  const position = (item as { position?: Position | null } | null)?.position;
  if (!position || typeof position.file !== "string" || typeof position.line !== "number")
    return undefined;
  return {
    message: messageOf(item),
    location: {
      file: sourcePath(position.file),
      line: position.line,
      column: typeof position.column === "number" ? position.column : 1,
      ...(typeof position.lineText === "string" ? { lineText: position.lineText } : {}),
    },
  };
}

function messageLocated(item: unknown, sourcePath: (location: string) => string) {
  const text = stripVTControlCharacters(messageOf(item));
  const match = MESSAGE_LOCATION.exec(text);
  if (!match) return undefined;
  const line = Number(match[2]);
  const lineText = [...text.matchAll(DENO_FRAME_LINE)].find((m) => Number(m[1]) === line)?.[2];
  return {
    message: (text.slice(0, match.index).split("\n")[0] as string).trim(),
    location: {
      file: sourcePath(match[1] as string),
      line,
      column: Number(match[3]),
      ...(lineText === undefined ? {} : { lineText }),
    },
  };
}

function arrowed(item: unknown, sourcePath: (location: string) => string) {
  const stack = (item as { stack?: unknown } | null)?.stack;
  const location = typeof stack === "string" ? arrowLocation(stack) : undefined;
  if (!location) return undefined;
  return { message: messageOf(item), location: { ...location, file: sourcePath(location.file) } };
}
