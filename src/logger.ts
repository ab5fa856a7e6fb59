import { type ConsolaInstance, createConsola, LogLevels, type LogType } from "consola/core";
import { logReporter } from "./log-reporter.ts";
import { painter, useColor } from "./use-color.ts";

export interface LoggerOutput {
  readonly write: (text: string) => void;
  /** Whether to colour: by default DESIGN.md's rule for stderr (see useColor). */
  readonly color: boolean;
}

const stderr: () => LoggerOutput = () => ({
  write: (text) => void process.stderr.write(text),
  color: useColor(process.stderr),
});

/**
 * hotplug's logger: human output goes to stderr only, so `--json` owns stdout. `level` is a
 * consola log type name (error, warn, info, debug, trace, silent).
 */
export function createLogger(
  level: LogType = "info",
  output: LoggerOutput = stderr(),
): ConsolaInstance {
  return createConsola({
    level: LogLevels[level],
    reporters: [logReporter(output.write, painter(output.color), output.color)],
  });
}
