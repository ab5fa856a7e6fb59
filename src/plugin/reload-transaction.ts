import type { EventBus } from "../event-bus.ts";
import type { ReloadCause } from "../host-events.ts";
import { eventPath } from "./event-path.ts";
import { markRunning, type PluginRecord } from "./plugin-record.ts";
import type { PluginRegistry } from "./plugin-registry.ts";
import type { ReloadError } from "./reload-error.ts";
import type { Candidate, Generation, StartOptions } from "./runner/generation-runner.ts";

/** What a transaction needs from the plugin manager that runs it. */
export interface TransactionHost {
  readonly root: string;
  readonly timeoutMs: number;
  readonly bus: EventBus;
  readonly records: Pick<PluginRegistry, "depsOf">;
  startOptions(record: PluginRecord, number: number, state: unknown): StartOptions;
  fail(record: PluginRecord, error: unknown): void;
  suspendDependents(name: string): Promise<void>;
}

export interface Swap {
  readonly cause: ReloadCause;
  readonly files: readonly string[];
  /** performance.now() when the reload began (before its manifest was read). */
  readonly started: number;
}

/**
 * Phases 4-6 of the reload of a running plugin (DESIGN.md): stop the old generation, start
 * `candidate` with its state, and if that fails start the old code again with the same state
 * (rolled back). Resolves to whether `candidate` now serves.
 */
export async function reloadTransaction(
  host: TransactionHost,
  record: PluginRecord,
  candidate: Candidate,
  swap: Swap,
): Promise<boolean> {
  const old = record.current;
  if (!old) return false;
  record.state = "stopping";
  record.current = undefined;
  let state: unknown;
  try {
    state = await old.stop(host.timeoutMs);
  } catch (error) {
    host.fail(record, error);
  }
  record.state = "loading";
  let generation: Generation;
  try {
    generation = await candidate.start(host.startOptions(record, old.number + 1, state));
  } catch (error) {
    if (candidate !== old.candidate) await candidate.dispose();
    const restart = () => old.candidate.start(host.startOptions(record, old.number, state));
    await rollBack(host, record, error as ReloadError, restart);
    return false;
  }
  if (candidate !== old.candidate) await old.candidate.dispose();
  markRunning(record, generation);
  record.savedState = state;
  record.reloads++;
  record.lastReloadMs = performance.now() - swap.started;
  host.bus.emit("plugin:reloaded", {
    plugin: record.name,
    version: candidate.version,
    generation: generation.number,
    durationMs: record.lastReloadMs,
    isolation: candidate.isolation,
    cause: swap.cause,
    files: swap.files.map((file) => eventPath(host.root, file)),
  });
  return true;
}

async function rollBack(
  host: TransactionHost,
  record: PluginRecord,
  error: ReloadError,
  restart: () => Promise<Generation>,
): Promise<void> {
  try {
    record.current = await restart();
    record.state = "running";
    error.rolledBack = true;
  } catch {
    error.recoverable = false;
    host.fail(record, error); // no generation runs: the record becomes failed
    await host.suspendDependents(record.name);
    return;
  }
  host.fail(record, error);
}
