import { execFile } from "node:child_process";
import { arrowLocation, type SourceLocation } from "../errors/source-location.ts";

/**
 * Where Node's SyntaxError is. Node's ES module loader throws a parse error with neither file
 * nor line (only an uncaught one is printed with them), so each file of the graph is checked
 * by `node --check` in a child process, in parallel; the first in graph order that fails
 * names the place. Runs only for a failed import, never on a reload that works.
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
      const location = failed ? arrowLocation(String(stderr)) : undefined;
      resolve(location?.file === file ? location : undefined);
    });
  });
}
