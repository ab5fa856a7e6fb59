import type { ReloadError } from "../errors/reload-error.ts";
import { eventPath } from "../errors/shown-path.ts";
import type { EventBus } from "../event-bus.ts";
import type { ReloadCause } from "../host-events.ts";
import type { Candidate, Generation, StartOptions } from "./generation-runner.ts";
import type { PluginListeners } from "./plugin-listeners.ts";
import type { PluginRecord } from "./plugin-record.ts";
import type { PluginReports } from "./plugin-reports.ts";
import { transition } from "./plugin-state.ts";
import type { LastGood } from "./probation.ts";

/** What a transaction needs from the plugin manager that runs it. */
export interface TransactionHost {
  readonly root: string;
  readonly timeoutMs: number;
  readonly bus: EventBus;
  readonly listeners: PluginListeners;
  startOptions(
    record: PluginRecord,
    candidate: Candidate,
    number: number,
    state: unknown,
  ): StartOptions;
  /** Failures and warnings: `fail` records one on the plugin, `warn` only logs. */
  readonly reports: Pick<PluginReports, "fail" | "warn">;
  /** `generation` serves now (its handle and its listener reach it). */
  serving(record: PluginRecord, generation: Generation): void;
  /** `trial` replaced `old`: what of `old` is kept (probation) or let go. */
  swapped(record: PluginRecord, old: Generation, trial: Generation): Promise<void>;
  suspendDependents(name: string): Promise<void>;
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
 * The generation on probation failed: it is stopped (its requests drained), and the last good
 * code starts again, under its own generation number, with the state the failing one's stop()
 * returned, or, when it returned none (its worker died first), the state it was started with.
 * Resolves to whether the last good code serves; if it cannot start, nothing does.
 */
export async function probationRollback(
  host: TransactionHost,
  record: PluginRecord,
  lastGood: LastGood,
  error: ReloadError,
): Promise<boolean> {
  const trial = record.current;
  if (!trial) return false;
  const stopped = await stopServing(host, record, trial);
  const state = stopped.state ?? record.savedState;
  await trial.candidate.dispose();
  const start = () =>
    lastGood.candidate.start(host.startOptions(record, lastGood.candidate, lastGood.number, state));
  const ok = await rollBack(host, record, error, start);
  if (!ok) await lastGood.candidate.dispose();
  return ok;
}

/**
 * Stop-first's handover: from here new requests wait for the next generation, calls through
 * the handle are refused, and `old`'s requests end before its stop(). Resolves to its state.
 */
async function stopServing(
  host: TransactionHost,
  record: PluginRecord,
  old: Generation,
): Promise<{ state: unknown; since: number }> {
  host.listeners.hold(record);
  transition(record, "stop");
  record.current = undefined;
  const since = performance.now();
  await host.listeners.drain(record, old);
  let state: unknown;
  try {
    state = await old.stop(host.timeoutMs);
  } catch (error) {
    host.reports.fail(record, error);
  }
  transition(record, "stopped");
  transition(record, "load");
  return { state, since };
}

/**
 * Stop the old generation, start `candidate` with its state, and if that fails start the old
 * code again with the same state (rolled back). In between, calls through the plugin's handle
 * are refused at once and its requests wait: nothing reaches a stopped generation.
 */
async function stopFirst(
  host: TransactionHost,
  record: PluginRecord,
  old: Generation,
  candidate: Candidate,
  swap: Swap,
): Promise<boolean> {
  const { state, since } = await stopServing(host, record, old);
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
  host.serving(record, generation);
  record.savedState = state;
  reloaded(host, record, generation, swap, performance.now() - since);
  await host.swapped(record, old, generation);
  return true;
}

/**
 * Start `candidate` while the old generation serves, with the state of the old one's
 * snapshot(); switch the handle and the listener in one synchronous step; then let the old
 * one's requests end and stop it, discarding what its stop() returns. A failure before the
 * switch leaves the old generation serving, untouched (the plugin is stale). Nothing waits.
 */
async function overlap(
  host: TransactionHost,
  record: PluginRecord,
  old: Generation,
  candidate: Candidate,
  swap: Swap,
): Promise<boolean> {
  let generation: Generation;
  let state: unknown;
  try {
    state = await old.snapshot(host.timeoutMs);
    generation = await candidate.start(host.startOptions(record, candidate, old.number + 1, state));
  } catch (error) {
    transition(record, "keep");
    await candidate.dispose();
    host.reports.fail(record, error);
    return false;
  }
  host.serving(record, generation);
  record.savedState = state;
  reloaded(host, record, generation, swap, 0);
  await host.listeners.drain(record, old);
  try {
    await old.stop(host.timeoutMs);
  } catch (error) {
    host.reports.warn(record, `generation ${old.number} did not stop cleanly`, error);
  }
  await host.swapped(record, old, generation);
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

/** Starts the previous code again; only if that fails too does nothing serve. */
async function rollBack(
  host: TransactionHost,
  record: PluginRecord,
  error: ReloadError,
  restart: () => Promise<Generation>,
): Promise<boolean> {
  try {
    host.serving(record, await restart());
    error.rolledBack = true;
  } catch {
    error.recoverable = false;
    host.reports.fail(record, error); // no generation runs: the record becomes failed
    await host.suspendDependents(record.name);
    return false;
  }
  host.reports.fail(record, error);
  return true;
}
