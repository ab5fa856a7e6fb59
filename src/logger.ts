import { type ConsolaInstance, createConsola, LogLevels, type LogType } from "consola";

/**
 * hotplug's logger: human output goes to stderr only, so `--json` owns stdout. `level` is a
 * consola log type name (error, warn, info, debug, trace, silent).
 */
export function createLogger(level: LogType = "info"): ConsolaInstance {
  return createConsola({ level: LogLevels[level], stdout: process.stderr, stderr: process.stderr });
}
