import { readFileSync } from "node:fs";

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
