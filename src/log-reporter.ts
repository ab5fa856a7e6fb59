import { formatWithOptions } from "node:util";
import type { ConsolaReporter, LogType } from "consola";
import { painter, type Style } from "./use-color.ts";

const ICONS: Partial<Record<LogType, [string, Style]>> = {
  fatal: ["✖", "red"],
  error: ["✖", "red"],
  fail: ["✖", "red"],
  warn: ["⚠", "yellow"],
  info: ["ℹ", "cyan"],
  success: ["✔", "green"],
  ready: ["✔", "green"],
  start: ["◐", "magenta"],
  debug: ["⚙", "gray"],
  trace: ["→", "gray"],
};

/** Where log lines go, and whether to colour them (read at the first line, not before). */
export interface LogOutput {
  readonly write: (text: string) => void;
  readonly color: boolean;
}

/**
 * hotplug's one way of printing a log line: `icon [tag] message`, coloured only as `output`
 * says. consola's own reporters decide colours once per process by stdout's terminal and
 * restyle backticked text (code frames lose their backticks), so hotplug brings its own.
 */
export function logReporter(output: LogOutput): ConsolaReporter {
  return {
    log(entry) {
      const { color } = output;
      const paint = painter(color);
      const [icon, style] = ICONS[entry.type] ?? [];
      const parts = [
        icon && style ? paint(style, icon) : "",
        entry.tag ? paint("gray", `[${entry.tag}]`) : "",
        formatWithOptions({ colors: color }, ...entry.args),
      ];
      output.write(`${parts.filter(Boolean).join(" ")}\n`);
    },
  };
}
