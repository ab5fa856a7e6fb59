import { readFileSync, statSync } from "node:fs";
import type { SourceLocation } from "../../errors/source-location.ts";
import { locateJsonError } from "../manifest/locate-json-error.ts";

/**
 * Where the first JSON module of a graph that does not parse goes wrong. Bun's error for an
 * imported `data.json` that does not parse ("JSON Parse error: Expected ']'") names neither the
 * file nor a position, so the graph's JSON files are parsed again to find it, with the
 * manifest's locator (undefined for valid JSON). Only regular files are read (a FIFO would block).
 */
export function locateJsonModule(files: readonly string[]): SourceLocation | undefined {
  for (const file of files) {
    if (!file.endsWith(".json")) continue;
    let text: string | undefined;
    try {
      if (statSync(file).isFile()) text = readFileSync(file, "utf8");
    } catch {
      continue; // gone or unreadable: the import's own message stands
    }
    const found = text === undefined ? undefined : locateJsonError(text);
    if (found) return { file, line: found.line, column: found.column };
  }
  return undefined;
}
