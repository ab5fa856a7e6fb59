import { basename, resolve } from "node:path";
import type { ConsolaInstance } from "consola";
import type { EventBus } from "../event-bus.ts";
import type { ReloadCause, UnloadReason } from "../host-events.ts";
import { reloadTransaction, type TransactionHost } from "../reload/reload-transaction.ts";
import { checkHealth } from "./check-health.ts";
import { discoverPlugins, hasManifest } from "./discover-plugins.ts";
import { failureEvent, recordFailure } from "./failure-event.ts";
import { type Generation, startGeneration, stopGeneration } from "./generation.ts";
import { lifecycleErrors as errors } from "./lifecycle-errors.ts";
import type { PluginLoader } from "./loader/plugin-loader.ts";
import { dependencyOrder, dependentsOf } from "./manifest/dependency-graph.ts";
import type { LoadedManifest } from "./manifest/read-manifest.ts";
import { planStartup } from "./plan-startup.ts";
import type { HealthResult } from "./plugin.ts";
import { markRunning, newRecord, type PluginRecord, type PluginStatus } from "./plugin-record.ts";
import { PluginRegistry } from "./plugin-registry.ts";
import { displayPath, prepareManifest, prepareModule } from "./prepare-plugin.ts";
import type { ReloadError } from "./reload-error.ts";

export interface PluginManagerOptions {
  /** The plugins folder. */
  readonly dir: string;
  readonly loader: PluginLoader;
  readonly timeoutMs: number;
  readonly logger: ConsolaInstance;
  readonly bus: EventBus;
}

/**
 * Owns every plugin's record and lifecycle: discovery, start in dependency order, the reload
 * transaction, unload, waiting for dependencies, stop in reverse order. One call per plugin at
 * a time: the scheduler guarantees it.
 */
export class PluginManager {
  readonly dir: string;
  readonly #options: PluginManagerOptions;
  readonly #records = new PluginRegistry();
  /** Everything the reload transaction needs from the manager, and no more. */
  readonly #transactionHost: TransactionHost;

  constructor(options: PluginManagerOptions) {
    this.#options = options;
    this.dir = resolve(options.dir);
    this.#transactionHost = {
      root: this.dir,
      loader: this.#options.loader,
      timeoutMs: this.#options.timeoutMs,
      bus: this.#options.bus,
      log: (name: string) => this.#options.logger.withTag(name),
      records: this.#records,
      fail: (record: PluginRecord, error: unknown) => this.#fail(record, error),
      suspendDependents: (name: string) => this.#suspendDependents(name),
    };
  }

  get(name: string): PluginRecord | undefined {
    return this.#records.get(name);
  }

  byDir(dir: string): PluginRecord | undefined {
    return this.#records.byDir(dir);
  }

  records(): PluginRecord[] {
    return this.#records.all();
  }

  status(): PluginStatus[] {
    return this.#records.status();
  }

  /** Loads and starts every enabled plugin, dependencies first. Failures are reported, not thrown. */
  async startAll(): Promise<void> {
    const loaded: LoadedManifest[] = [];
    for (const dir of await discoverPlugins(this.dir)) {
      const manifest = await this.#readManifest(dir);
      if (manifest && manifest.manifest.enabled !== false) loaded.push(manifest);
    }
    const plan = planStartup(loaded);
    for (const { item, error } of plan.refused) {
      // A refused duplicate must not take over the record of the plugin that owns the name.
      if (error.phase === "manifest") this.#report(item.manifest.name, undefined, error);
      else this.#fail(this.#records.ensure(item.manifest.name, item.dir), error);
    }
    for (const item of plan.start) await this.#load(item);
  }

  /**
   * Brings the plugin in `dir` in line with the disk: load, reload, unload or rename.
   * Returns the name of the plugin that now runs new code, so its dependents can follow.
   */
  async sync(dir: string, cause: ReloadCause, files: string[]): Promise<string | undefined> {
    let record = this.byDir(dir);
    if (!hasManifest(dir)) {
      if (record) await this.unload(record.name, "deleted");
      return undefined;
    }
    const loaded = await this.#readManifest(dir, record);
    if (!loaded) return undefined;
    const { manifest } = loaded;
    if (manifest.enabled === false) {
      if (record) await this.unload(record.name, "disabled");
      return undefined;
    }
    if (record && record.name !== manifest.name) {
      await this.unload(record.name, "deleted");
      record = undefined;
    }
    const clash = this.#records.get(manifest.name);
    // A plugin folder renamed: the old folder is gone, so its plugin moves here.
    if (clash && clash.dir !== dir && !hasManifest(clash.dir))
      await this.unload(clash.name, "deleted");
    else if (clash && clash.dir !== dir) {
      const owner = displayPath(this.dir, clash.dir);
      this.#fail(
        record ?? newRecord(manifest.name, dir),
        errors.nameTaken(manifest.name, loaded.file, owner),
      );
      return undefined;
    }
    if (!record?.current) return (await this.#load(loaded)) ? manifest.name : undefined;
    const ok = await reloadTransaction(this.#transactionHost, record, { loaded }, cause, files);
    return ok ? manifest.name : undefined;
  }

  /** Stops and starts a running plugin with its current code, e.g. for new dependencies. */
  async restart(name: string, cause: ReloadCause): Promise<boolean> {
    const record = this.#records.get(name);
    if (!record?.current) return false;
    return reloadTransaction(this.#transactionHost, record, { reuse: true }, cause, []);
  }

  /** Stops and forgets a plugin; running dependents go back to waiting for it. */
  async unload(name: string, reason: UnloadReason): Promise<void> {
    const record = this.#records.get(name);
    if (!record) return;
    // Forgotten first: a concurrent unload of the same plugin (its old and new folder after
    // a rename, say) then finds nothing to do.
    const dependents = this.dependentsOf(name);
    this.#records.delete(name);
    await this.#suspendDependents(name, dependents);
    const wasRunning = record.current !== undefined;
    await this.#stop(record);
    await this.#options.loader.release(record.files);
    // At shutdown only what ran is reported unloaded; a deleted or disabled plugin always is.
    if (wasRunning || reason !== "shutdown")
      this.#options.bus.emit("plugin:unloaded", { plugin: name, reason });
  }

  /**
   * A running plugin threw outside any hook (a timer, an unhandled rejection): it is stopped
   * and marked failed so it cannot keep half-working; the others keep running. A save retries.
   */
  async failRunning(name: string, cause: unknown): Promise<void> {
    const record = this.#records.get(name);
    if (!record?.current) return;
    await this.#suspendDependents(name);
    await this.#stop(record);
    this.#fail(record, errors.uncaught(name, cause));
  }

  /** Stops every running plugin, dependents before their dependencies. */
  async stopAll(): Promise<void> {
    const order = dependencyOrder(this.records()).reverse();
    for (const name of order) await this.unload(name, "shutdown");
  }

  /** Names of the running plugins that depend on `name`, directly or not, dependencies first. */
  dependentsOf(name: string): string[] {
    return dependentsOf(this.records(), name);
  }

  health(name: string): Promise<HealthResult> {
    return checkHealth(name, this.#records.get(name), this.#options.timeoutMs);
  }

  async #readManifest(dir: string, record?: PluginRecord): Promise<LoadedManifest | undefined> {
    try {
      return await prepareManifest(dir, this.dir);
    } catch (error) {
      const failed = record ?? this.#records.ensure(basename(dir), dir);
      this.#fail(failed, error);
      return undefined;
    }
  }

  /** First start of a plugin folder (or a retry after it failed or waited). */
  async #load(loaded: LoadedManifest): Promise<boolean> {
    const { name } = loaded.manifest;
    const previous = this.byDir(loaded.dir);
    if (previous && previous.name !== name) this.#records.delete(previous.name);
    const record = this.#records.ensure(name, loaded.dir);
    record.dependsOn = loaded.manifest.dependsOn ?? [];
    record.state = "loading";
    try {
      record.pending = await prepareModule(loaded, {
        loader: this.#options.loader,
        root: this.dir,
        previousFiles: record.files,
        timeoutMs: this.#options.timeoutMs,
      });
      record.files = record.pending.files;
    } catch (error) {
      this.#fail(record, error);
      return false;
    }
    return this.#startPending(record);
  }

  async #startPending(record: PluginRecord): Promise<boolean> {
    const candidate = record.pending;
    if (!candidate) return false;
    const missing = this.#records.missingDeps(candidate);
    if (missing.length > 0) {
      record.state = "waiting";
      this.#fail(record, errors.waitingFor(record.name, record.dir, missing));
      return false;
    }
    const started = performance.now();
    let generation: Generation;
    try {
      generation = await startGeneration(candidate, {
        number: record.generation + 1,
        state: record.savedState,
        deps: this.#records.depsOf(candidate),
        log: this.#options.logger.withTag(record.name),
        timeoutMs: this.#options.timeoutMs,
      });
    } catch (error) {
      this.#fail(record, error);
      return false;
    }
    markRunning(record, generation);
    this.#options.bus.emit("plugin:started", {
      plugin: record.name,
      version: candidate.version,
      generation: generation.number,
      durationMs: performance.now() - started,
      isolation: candidate.isolation,
    });
    await this.#wakeDependents(record.name);
    return true;
  }

  async #wakeDependents(name: string): Promise<void> {
    for (const dependent of this.dependentsOf(name)) {
      const record = this.#records.get(dependent);
      if (record?.state === "waiting") await this.#startPending(record);
    }
  }

  /** A dependency stopped serving: its running dependents stop and wait for it. */
  async #suspendDependents(name: string, dependents = this.dependentsOf(name)): Promise<void> {
    for (const dependent of [...dependents].reverse()) {
      const record = this.#records.get(dependent);
      if (!record?.current) continue;
      record.pending = record.current.candidate;
      await this.#stop(record);
      record.state = "waiting";
      this.#fail(record, errors.dependencyStopped(dependent, name));
    }
  }

  async #stop(record: PluginRecord): Promise<void> {
    const generation = record.current;
    if (!generation) return;
    record.state = "stopping";
    record.current = undefined;
    try {
      record.savedState = await stopGeneration(generation, this.#options.timeoutMs);
    } catch (error) {
      record.savedState = undefined;
      this.#fail(record, error);
    }
    record.state = "stopped";
  }

  #fail(record: PluginRecord, thrown: unknown): void {
    const error = recordFailure(record, thrown);
    this.#report(record.name, record.current?.number, error);
  }

  #report(plugin: string, runningGeneration: number | undefined, error: ReloadError): void {
    this.#options.bus.emit(
      "plugin:failed",
      failureEvent(this.dir, plugin, runningGeneration, error),
    );
  }
}
