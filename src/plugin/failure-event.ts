import type { HostEvents } from "../host-events.ts";
import type { PluginRecord } from "./plugin-record.ts";
import { displayPath } from "./prepare-plugin.ts";
import { asReloadError, type ReloadError } from "./reload-error.ts";

/** Notes a failure on the plugin's record: counts, last error, staleness, state. */
export function recordFailure(record: PluginRecord, thrown: unknown): ReloadError {
  const error = asReloadError(record.name, thrown);
  record.errors++;
  record.lastError = error;
  record.stale = record.current !== undefined;
  if (!record.current && record.state !== "waiting") record.state = "failed";
  return error;
}

/** The `plugin:failed` event for an error, with paths shown relative to the plugins folder. */
export function failureEvent(
  root: string,
  plugin: string,
  runningGeneration: number | undefined,
  error: ReloadError,
): HostEvents["plugin:failed"] {
  return {
    plugin,
    phase: error.phase,
    message: error.message,
    ...(error.file ? { file: displayPath(root, error.file) } : {}),
    timedOut: error.timedOut,
    rolledBack: error.rolledBack,
    runningGeneration: runningGeneration ?? null,
    ...(error.location ? { location: error.location } : {}),
  };
}
