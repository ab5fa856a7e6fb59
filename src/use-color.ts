/**
 * DESIGN.md's rule for colours on `stream` (stderr for logs, stdout for `--help`): FORCE_COLOR
 * (set and not "0") forces them; otherwise NO_COLOR (set and not empty, no-color.org) turns
 * them off; otherwise they are on only where the stream is a terminal.
 */
export function useColor(
  stream: { readonly isTTY?: boolean },
  env: Readonly<Record<string, string | undefined>> = process.env,
): boolean {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return stream.isTTY === true;
}

const STYLES = {
  bold: [1, 22],
  underline: [4, 24],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  magenta: [35, 39],
  cyan: [36, 39],
  gray: [90, 39],
} as const;

export type Style = keyof typeof STYLES;
export type Paint = (style: Style, text: string) => string;

/** Wraps text in a style's escapes, or leaves it plain when colours are off. */
export function painter(color: boolean): Paint {
  if (!color) return (_style, text) => text;
  return (style, text) => `\u001B[${STYLES[style][0]}m${text}\u001B[${STYLES[style][1]}m`;
}
