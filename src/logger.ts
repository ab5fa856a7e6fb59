import { type ConsolaInstance, createConsola, LogLevels, type LogType } from "consola/core";
import { type LogOutput, logReporter } from "./log-reporter.ts";
import { useColor } from "./use-color.ts";

/**
 * A stream such as stderr, coloured by DESIGN.md's rule (see useColor). Touched only when a
 * line is written: Bun opens a descriptor for process.stderr on first use, and a silent logger
 * needs none.
 */
export function streamOutput(stream: () => NodeJS.WritableStream & { isTTY?: boolean }): LogOutput {
  let color: boolean | undefined;
  return {
    write: (text) => void stream().write(text),
    get color() {
      color ??= useColor(stream());
      return color;
    },
  };
}

/**
 * hotplug's logger: human output goes to stderr only, so `--json` owns stdout. `level` is a
 * consola log type name (error, warn, info, debug, trace, silent).
 */
export function createLogger(
  level: LogType = "info",
  output: LogOutput = streamOutput(() => process.stderr),
): ConsolaInstance {
  return createConsola({ level: LogLevels[level], reporters: [logReporter(output)] });
}
