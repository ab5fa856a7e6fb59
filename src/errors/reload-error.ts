import { HotplugError, messageOf } from "./hotplug-error.ts";
import type { ErrorReport } from "./present-error.ts";

/** Where in the load or reload of a plugin something failed (DESIGN.md's phases). */
export type ReloadPhase =
  | "manifest"
  | "import"
  | "validate"
  | "setup"
  | "start"
  | "stop"
  | "dependency"
  /** An uncaught error or unhandled rejection from the running plugin's own code. */
  | "runtime"
  /** `--typecheck gate`: the new code (or a dependent's, against it) does not type-check. */
  | "typecheck"
  /** The new generation failed while on probation: the last good code runs again. */
  | "probation";

export interface ReloadErrorFacts {
  readonly pluginName: string;
  readonly phase: ReloadPhase;
  readonly cause?: unknown;
  /** The file to look at: the manifest, the entry, or where a syntax error is. */
  readonly file?: string;
  /** What the cause says and where in the plugin's code (see presentError). */
  readonly report?: ErrorReport;
  readonly timedOut?: boolean;
  /** The previous generation was started again after the new one failed. */
  readonly rolledBack?: boolean;
}

/**
 * A plugin failed to load, start, stop or reload. `recoverable` means a generation still
 * serves (nothing was touched, or the previous one was rolled back) or a fix on disk retries.
 */
export class ReloadError extends HotplugError {
  override name = "ReloadError";
  readonly pluginName: string;
  readonly phase: ReloadPhase;
  readonly file: string | undefined;
  /** Made where the error is created, or else when it is recorded (recordFailure). */
  report: ErrorReport | undefined;
  readonly timedOut: boolean;
  rolledBack: boolean;
  recoverable = true;

  constructor(message: string, facts: ReloadErrorFacts) {
    super(`PLUGIN_${facts.phase.toUpperCase()}_FAILED`, message, { cause: facts.cause });
    this.pluginName = facts.pluginName;
    this.phase = facts.phase;
    this.file = facts.file;
    this.report = facts.report;
    this.timedOut = facts.timedOut ?? false;
    this.rolledBack = facts.rolledBack ?? false;
  }
}

/** Anything thrown by a phase, as a ReloadError: unexpected throws become import failures. */
export function asReloadError(pluginName: string, thrown: unknown): ReloadError {
  if (thrown instanceof ReloadError) return thrown;
  const message = messageOf(thrown);
  return new ReloadError(`${pluginName}: ${message}`, {
    pluginName,
    phase: "import",
    cause: thrown,
  });
}
