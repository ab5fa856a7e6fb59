import type { ConsolaInstance } from "consola";
import type { EventBus } from "../event-bus.ts";
import type { ReloadCause } from "../host-events.ts";
import {
  type Candidate,
  type Generation,
  startGeneration,
  stopGeneration,
} from "../plugin/generation.ts";
import { lifecycleErrors } from "../plugin/lifecycle-errors.ts";
import type { PluginLoader } from "../plugin/loader/plugin-loader.ts";
import type { LoadedManifest } from "../plugin/manifest/read-manifest.ts";
import { markRunning, type PluginRecord } from "../plugin/plugin-record.ts";
import type { PluginRegistry } from "../plugin/plugin-registry.ts";
import { displayPath, prepareModule } from "../plugin/prepare-plugin.ts";
import type { ReloadError } from "../plugin/reload-error.ts";

/** What a transaction needs from the plugin manager that runs it. */
export interface TransactionHost {
  readonly root: string;
  readonly loader: PluginLoader;
  readonly timeoutMs: number;
  readonly bus: EventBus;
  log(name: string): ConsolaInstance;
  readonly records: Pick<PluginRegistry, "depsOf" | "missingDeps">;
  fail(record: PluginRecord, error: unknown): void;
  suspendDependents(name: string): Promise<void>;
}

/** Either new code from disk (its manifest already read) or the running code again. */
export type TransactionSource = { readonly loaded: LoadedManifest } | { readonly reuse: true };

/**
 * The reload of one running plugin (DESIGN.md): import and validate touch nothing running;
 * then stop the old generation, start the new one with its state, and if that fails start the
 * old one again with the same state. Resolves to whether new code now serves.
 */
export async function reloadTransaction(
  host: TransactionHost,
  record: PluginRecord,
  source: TransactionSource,
  cause: ReloadCause,
  files: readonly string[],
): Promise<boolean> {
  const old = record.current;
  if (!old) return false;
  const started = performance.now();
  record.state = "reloading";
  let candidate: Candidate;
  try {
    candidate =
      "loaded" in source
        ? await prepareModule(source.loaded, {
            loader: host.loader,
            root: host.root,
            previousFiles: record.files,
            timeoutMs: host.timeoutMs,
          })
        : old.candidate;
    const missing = host.records.missingDeps(candidate);
    if (missing.length > 0) throw lifecycleErrors.notRunning(record.name, missing);
  } catch (error) {
    record.state = "running";
    host.fail(record, error);
    return false;
  }
  record.files = candidate.files;
  record.dependsOn = candidate.dependsOn;

  record.state = "stopping";
  let state: unknown;
  try {
    state = await stopGeneration(old, host.timeoutMs);
  } catch (error) {
    host.fail(record, error);
  }
  record.current = undefined;
  record.state = "loading";
  const start = (from: Candidate, number: number) =>
    startGeneration(from, {
      number,
      state,
      deps: host.records.depsOf(from),
      log: host.log(from.name),
      timeoutMs: host.timeoutMs,
    });
  let generation: Generation;
  try {
    generation = await start(candidate, old.number + 1);
  } catch (error) {
    await rollBack(host, record, error as ReloadError, () => start(old.candidate, old.number));
    return false;
  }
  markRunning(record, generation);
  record.savedState = state;
  record.reloads++;
  record.lastReloadMs = performance.now() - started;
  host.bus.emit("plugin:reloaded", {
    plugin: record.name,
    version: candidate.version,
    generation: generation.number,
    durationMs: record.lastReloadMs,
    isolation: candidate.isolation,
    cause,
    files: files.map((file) => displayPath(host.root, file)),
  });
  return true;
}

async function rollBack(
  host: TransactionHost,
  record: PluginRecord,
  error: ReloadError,
  restart: () => ReturnType<typeof startGeneration>,
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
