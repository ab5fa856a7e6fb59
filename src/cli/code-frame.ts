import type { SourceLocation } from "../plugin/reload-error.ts";

/**
 * The offending line with a caret under the column, like bun's and Vite's error output.
 * Only the line the runtime reported: reading the file again could show a newer version.
 */
export function codeFrame(location: SourceLocation): string | undefined {
  if (location.lineText === undefined) return undefined;
  const gutter = `${location.line} | `;
  const caret = `${" ".repeat(gutter.length - 2)}| ${" ".repeat(Math.max(0, location.column - 1))}^`;
  return `${gutter}${location.lineText}\n${caret}`;
}
