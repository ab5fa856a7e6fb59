import type { PathContext } from "../errors/shown-path.ts";
import type { HostEvents, Isolation, SwapMode } from "../host-events.ts";
import type { ListenerStats } from "../serve/plugin-listener.ts";
import { failureLocation } from "./failure-event.ts";
import type { PluginState } from "./plugin.ts";
import type { PluginRecord } from "./plugin-record.ts";
import type { ProbationStatus } from "./probation.ts";

/** A plain snapshot of a record for status(), /status and the human log. */
export interface PluginStatus {
  readonly name: string;
  readonly dir: string;
  readonly state: PluginState;
  readonly version: string | null;
  readonly generation: number | null;
  readonly stale: boolean;
  readonly isolation: Isolation;
  readonly swap: SwapMode;
  readonly reloads: number;
  readonly lastReloadMs: number | null;
  /** Calls through its live handle refused (PluginUnavailableError) because none served. */
  readonly refusedCalls: number;
  readonly errors: number;
  readonly lastError: StatusError | null;
  /** The last reports that changed nothing (leftovers, type errors in warn mode), newest last. */
  readonly warnings: readonly StatusWarning[];
  /** For a plugin with `listen`: its listener's address and traffic; null otherwise. */
  readonly listener: ListenerStats | null;
  /** A generation on probation: which, the one it falls back to, and the time left. */
  readonly probation: ProbationStatus | null;
}

/** A warning as /status shows it: the `plugin:warning` event without its plugin. */
export type StatusWarning = Omit<HostEvents["plugin:warning"], "plugin">;

/** A plugin's last failure as /status, status() and the dashboard show it. */
export interface StatusError {
  readonly phase: string;
  readonly message: string;
  /** The topmost location, relative to the plugins folder, with `/` separators. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly frame?: string;
}

export function statusOf(
  record: PluginRecord,
  where: PathContext,
  probation: ProbationStatus | null = null,
): PluginStatus {
  const candidate = record.current?.candidate ?? record.pending;
  return {
    name: record.name,
    dir: record.dir,
    state: record.state,
    version: record.current?.candidate.version ?? null,
    generation: record.current?.number ?? null,
    stale: record.stale,
    isolation: candidate?.isolation ?? "none",
    swap: candidate?.swap ?? "stop-first",
    reloads: record.reloads,
    lastReloadMs: record.lastReloadMs,
    refusedCalls: record.refusedCalls,
    errors: record.errors,
    lastError: record.lastError
      ? {
          phase: record.lastError.phase,
          message: record.lastError.message,
          ...failureLocation(where, record.lastError),
        }
      : null,
    warnings: record.warnings.map(({ plugin: _, ...warning }) => warning),
    listener: record.listener?.stats() ?? null,
    probation,
  };
}
