import { execFile } from "node:child_process";
import type { SourceLocation } from "../plugin/reload-error.ts";

// `node --check` reports a syntax error the way Node prints an uncaught one:
//   /a/b.js:3            <- file:line
//   const a = ;          <- the line
//             ^          <- the column (tabs before it kept as tabs)
const REPORTED_AT = /^(\/.*):(\d+)$/;

/**
 * Where Node's SyntaxError is. Node's ES module loader throws it with neither file nor line
 * (only an uncaught one is printed with them), so each file of the graph is checked by
 * `node --check` in a child process, in parallel; the first in graph order that fails names
 * the place. Runs only for a failed import, never on a reload that works.
 */
export async function locateNodeSyntaxError(
  error: unknown,
  files: readonly string[],
  node = process.execPath,
): Promise<SourceLocation | undefined> {
  if ((error as { name?: unknown } | null)?.name !== "SyntaxError") return undefined;
  const found = await Promise.all(files.map((file) => checkSyntax(node, file)));
  return found.find((location) => location !== undefined);
}

function checkSyntax(node: string, file: string): Promise<SourceLocation | undefined> {
  return new Promise((resolve) => {
    execFile(node, ["--check", file], { timeout: 10_000 }, (failed, _out, stderr) => {
      if (!failed) return resolve(undefined);
      const [first = "", lineText = "", caret = ""] = String(stderr).split("\n");
      const at = REPORTED_AT.exec(first);
      if (!at || at[1] !== file || !caret.includes("^")) return resolve(undefined);
      resolve({ file, line: Number(at[2]), column: caret.indexOf("^") + 1, lineText });
    });
  });
}
