import type { SourceLocation } from "../reload-error.ts";

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
