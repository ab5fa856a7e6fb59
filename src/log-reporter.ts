import { formatWithOptions } from "node:util";
import type { ConsolaReporter, LogType } from "consola";
import type { Paint, Style } from "./use-color.ts";

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

/**
 * hotplug's one way of printing a log line: `icon [tag] message`, coloured only as `paint`
 * says. consola's own reporters decide colours once per process by stdout's terminal and
 * restyle backticked text (code frames lose their backticks), so hotplug brings its own.
 */
export function logReporter(
  write: (text: string) => void,
  paint: Paint,
  color: boolean,
): ConsolaReporter {
  return {
    log(entry) {
      const [icon, style] = ICONS[entry.type] ?? [];
      const parts = [
        icon && style ? paint(style, icon) : "",
        entry.tag ? paint("gray", `[${entry.tag}]`) : "",
        formatWithOptions({ colors: color }, ...entry.args),
      ];
      write(`${parts.filter(Boolean).join(" ")}\n`);
    },
  };
}
