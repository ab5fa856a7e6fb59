import type { ReloadError } from "../errors/reload-error.ts";
import { eventPath } from "../errors/shown-path.ts";
import type { EventBus } from "../event-bus.ts";
import type { ReloadCause } from "../host-events.ts";
import type { Candidate, Generation, StartOptions } from "./generation-runner.ts";
import { markRunning, type PluginRecord } from "./plugin-record.ts";
import { transition } from "./plugin-state.ts";

/** What a transaction needs from the plugin manager that runs it. */
export interface TransactionHost {
  readonly root: string;
  readonly timeoutMs: number;
  readonly bus: EventBus;
  startOptions(
    record: PluginRecord,
    candidate: Candidate,
    number: number,
    state: unknown,
  ): StartOptions;
  fail(record: PluginRecord, error: unknown): void;
  suspendDependents(name: string): Promise<void>;
  /** A problem that fails nothing (the replaced generation of an overlap swap would not stop). */
  warn(record: PluginRecord, message: string, error: unknown): void;
}

export interface Swap {
  readonly cause: ReloadCause;
  readonly files: readonly string[];
  /** performance.now() when the reload began (before its manifest was read). */
  readonly started: number;
}

/**
 * Phases 4-6 of the reload of a running plugin (DESIGN.md), in the candidate's swap mode.
 * Resolves to whether `candidate` now serves.
 */
export function reloadTransaction(
  host: TransactionHost,
  record: PluginRecord,
  candidate: Candidate,
  swap: Swap,
): Promise<boolean> {
  const old = record.current;
  if (!old) return Promise.resolve(false);
  return candidate.swap === "overlap"
    ? overlap(host, record, old, candidate, swap)
    : stopFirst(host, record, old, candidate, swap);
}

/**
 * Stop the old generation, start `candidate` with its state, and if that fails start the old
 * code again with the same state (rolled back). In between, calls through the plugin's handle
 * are refused at once: nothing reaches a stopped generation.
 */
async function stopFirst(
  host: TransactionHost,
  record: PluginRecord,
  old: Generation,
  candidate: Candidate,
  swap: Swap,
): Promise<boolean> {
  transition(record, "stop");
  record.current = undefined;
  const unavailableSince = performance.now();
  let state: unknown;
  try {
    state = await old.stop(host.timeoutMs);
  } catch (error) {
    host.fail(record, error);
  }
  transition(record, "stopped");
  transition(record, "load");
  let generation: Generation;
  try {
    generation = await candidate.start(host.startOptions(record, candidate, old.number + 1, state));
  } catch (error) {
    await candidate.dispose();
    const restart = () =>
      old.candidate.start(host.startOptions(record, old.candidate, old.number, state));
    await rollBack(host, record, error as ReloadError, restart);
    return false;
  }
  await old.candidate.dispose();
  markRunning(record, generation);
  record.savedState = state;
  reloaded(host, record, generation, swap, performance.now() - unavailableSince);
  return true;
}

/**
 * Start `candidate` while the old generation serves, with the state of the old one's
 * snapshot(); switch the handle in one synchronous step; then stop the old one, discarding
 * what its stop() returns. A failure before the switch leaves the old generation serving,
 * untouched (the plugin is stale). No call is refused.
 */
async function overlap(
  host: TransactionHost,
  record: PluginRecord,
  old: Generation,
  candidate: Candidate,
  swap: Swap,
): Promise<boolean> {
  let generation: Generation;
  try {
    const state = await old.snapshot(host.timeoutMs);
    generation = await candidate.start(host.startOptions(record, candidate, old.number + 1, state));
  } catch (error) {
    transition(record, "keep");
    await candidate.dispose();
    host.fail(record, error);
    return false;
  }
  markRunning(record, generation);
  reloaded(host, record, generation, swap, 0);
  try {
    await old.stop(host.timeoutMs);
  } catch (error) {
    host.warn(record, `generation ${old.number} did not stop cleanly`, error);
  }
  await old.candidate.dispose();
  return true;
}

function reloaded(
  host: TransactionHost,
  record: PluginRecord,
  generation: Generation,
  swap: Swap,
  unavailableMs: number,
): void {
  const { candidate } = generation;
  record.reloads++;
  record.lastReloadMs = performance.now() - swap.started;
  host.bus.emit("plugin:reloaded", {
    plugin: record.name,
    version: candidate.version,
    generation: generation.number,
    durationMs: record.lastReloadMs,
    isolation: candidate.isolation,
    swap: candidate.swap,
    unavailableMs,
    cause: swap.cause,
    files: swap.files.map((file) => eventPath(host.root, file)),
  });
}

async function rollBack(
  host: TransactionHost,
  record: PluginRecord,
  error: ReloadError,
  restart: () => Promise<Generation>,
): Promise<void> {
  try {
    markRunning(record, await restart());
    error.rolledBack = true;
  } catch {
    error.recoverable = false;
    host.fail(record, error); // no generation runs: the record becomes failed
    await host.suspendDependents(record.name);
    return;
  }
  host.fail(record, error);
}
