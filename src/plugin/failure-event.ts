import { resolve } from "node:path";
import { cleanMessage } from "../errors/clean-message.ts";
import { presentError } from "../errors/present-error.ts";
import { asReloadError, type ReloadError, type ReloadPhase } from "../errors/reload-error.ts";
import { eventPath, type PathContext } from "../errors/shown-path.ts";
import type { HostEvents } from "../host-events.ts";
import { plainSourcePath } from "../runtime/source-path.ts";
import type { PluginRecord } from "./plugin-record.ts";
import { transition } from "./plugin-state.ts";

/**
 * Phases whose cause is the plugin's own code, worth its stack and a code frame. The others
 * (manifest, validate, dependency) are a user's mistake in a file, told by the message alone.
 */
const CODE_PHASES: ReadonlySet<ReloadPhase> = new Set([
  "import",
  "setup",
  "start",
  "stop",
  "runtime",
]);

/**
 * Notes a failure on the plugin's record: counts, last error, staleness, state. Every failure
 * passes here, so this is where its message loses absolute paths and version queries, and
 * where it gets its report (what and where in the plugin's code) unless it came with one.
 */
export function recordFailure(
  where: PathContext,
  record: PluginRecord,
  thrown: unknown,
): ReloadError {
  const error = asReloadError(record.name, thrown);
  error.message = cleanMessage(error.message, { sourcePath: plainSourcePath, cwd: where.cwd });
  if (!error.report && error.cause !== undefined && CODE_PHASES.has(error.phase)) {
    error.report = presentError(error.cause, where);
  }
  record.errors++;
  record.lastError = error;
  record.stale = record.current !== undefined;
  transition(record, "fail");
  return error;
}

/** Where a failure points, for events and status: relative to the plugins folder, `/`-separated. */
export interface FailureLocation {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly frame?: string;
}

export function failureLocation(where: PathContext, error: ReloadError): FailureLocation {
  const location = error.report?.location;
  if (!location) return error.file ? { file: inPlugins(where, error.file) } : {};
  const { frame } = error.report ?? {};
  return {
    file: inPlugins(where, location.file),
    line: location.line,
    column: location.column,
    ...(frame ? { frame } : {}),
  };
}

/** The `plugin:failed` event for an error; the report rides along for the human log only. */
export function failureEvent(
  where: PathContext,
  plugin: string,
  runningGeneration: number | undefined,
  error: ReloadError,
): HostEvents["plugin:failed"] {
  return {
    plugin,
    phase: error.phase,
    message: error.message,
    ...failureLocation(where, error),
    timedOut: error.timedOut,
    rolledBack: error.rolledBack,
    runningGeneration: runningGeneration ?? null,
    ...(error.report ? { report: error.report } : {}),
  };
}

/** A file as events name it; a file as messages name it (shownPath) is found from `cwd`. */
const inPlugins = (where: PathContext, file: string) =>
  eventPath(where.root, resolve(where.cwd, file));
