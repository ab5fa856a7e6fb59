import { type ConsolaInstance, createConsola, LogLevels, type LogType } from "consola/core";
import { type LogOutput, logReporter } from "./log-reporter.ts";
import { useColor } from "./use-color.ts";

/**
 * stderr, coloured by DESIGN.md's rule (see useColor). Touched only when a line is written:
 * Bun opens a descriptor for process.stderr on first use, and a silent logger needs none.
 */
function stderr(): LogOutput {
  let color: boolean | undefined;
  return {
    write: (text) => void process.stderr.write(text),
    get color() {
      color ??= useColor(process.stderr);
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
  output: LogOutput = stderr(),
): ConsolaInstance {
  return createConsola({ level: LogLevels[level], reporters: [logReporter(output)] });
}
