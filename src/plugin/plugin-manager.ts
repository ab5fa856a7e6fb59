import { basename, resolve } from "node:path";
import type { ConsolaInstance } from "consola";
import type { EventBus } from "../event-bus.ts";
import type { Isolation } from "../host-events.ts";
import type { HostTypecheck } from "../typecheck/host-typecheck.ts";
import { claimName } from "./claim-name.ts";
import { discoverPlugins, hasManifest, type PluginNameError } from "./discover-plugins.ts";
import type { Candidate, GenerationRunner, Runners } from "./generation-runner.ts";
import { lifecycleErrors as errors } from "./lifecycle-errors.ts";
import { dependencyOrder, dependentsOf } from "./manifest/dependency-graph.ts";
import type { LoadedManifest } from "./manifest/read-manifest.ts";
import { planStartup } from "./plan-startup.ts";
import { type LifecycleOptions, PluginLifecycle } from "./plugin-lifecycle.ts";
import type { PluginListeners } from "./plugin-listeners.ts";
import { noteSources, type PluginRecord } from "./plugin-record.ts";
import { PluginRegistry } from "./plugin-registry.ts";
import { transition } from "./plugin-state.ts";
import type { PluginStatus } from "./plugin-status.ts";
import { PluginTypes } from "./plugin-types.ts";
import { reloadTransaction } from "./reload-transaction.ts";
import { untilSettled } from "./settle.ts";
import {
  afterImport,
  changedSince,
  type SourceState,
  sameAsBefore,
  sameSource,
  sourceOf,
  untracked,
} from "./source-state.ts";
import type { SyncOutcome, SyncRequest } from "./sync-outcome.ts";

export type PluginManagerOptions = {
  /** The plugins folder, as given: symlinks in it stay unresolved, so a swapped link is followed. */
  readonly dir: string;
  /** Where generations run, and how an entry's import graph is read from disk. */
  readonly runners: Runners;
  /** The isolation of plugins whose manifest does not say (`--isolation`). */
  readonly isolation: Isolation;
  readonly timeoutMs: number;
  /** The working directory: messages show paths relative to it when inside it. */
  readonly cwd: string;
  readonly logger: ConsolaInstance;
  readonly bus: EventBus;
  /** A running generation failed outside any hook (its worker crashed or exited). */
  readonly onCrash: (name: string, error: Error) => void;
  /** A folder in the plugins folder cannot be loaded: its name is not valid UTF-8. */
  readonly onUnreadable: (error: PluginNameError) => void;
  /** The listeners of the plugins with `listen`. */
  readonly listeners: PluginListeners;
  /** `--typecheck`: the host's checker, started on first use. */
  readonly typecheck: HostTypecheck;
} & Pick<LifecycleOptions, "probationMs" | "clock" | "onProbationFailure">;

const NONE: SyncOutcome = { kind: "none" };

/**
 * Brings the plugins on disk and the running ones in line: discovery, start in dependency
 * order, reloads (only of what differs, unless forced), unload, stop in reverse order. One
 * call per plugin at a time: the scheduler guarantees it. What happens to one record is the
 * lifecycle's business; where a generation runs is the runners'.
 */
export class PluginManager {
  readonly dir: string;
  readonly #options: PluginManagerOptions;
  readonly #records = new PluginRegistry();
  /** What happens to one record: start, stop, fail, unload, wait, health. */
  readonly lifecycle: PluginLifecycle;
  /** `--typecheck`: gate before the import, warn after the swap. */
  readonly types: PluginTypes;
  /**
   * The plugins folder with its symlinks resolved: where the files of events and graphs are.
   * It changes when a symlink on its path is swapped (a new release).
   */
  realDir: string;

  constructor(options: PluginManagerOptions, realDir: string) {
    this.#options = options;
    this.dir = resolve(options.dir);
    this.realDir = realDir;
    this.lifecycle = new PluginLifecycle({
      ...options,
      records: this.#records,
      root: () => this.realDir,
      release: (isolation, files) => this.#runnerOf(isolation).release(files),
    });
    this.types = new PluginTypes(this.#records, options.typecheck, (warning) =>
      this.lifecycle.reports.warning(warning.plugin, warning),
    );
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
    return this.#records.status(this.lifecycle.where, (name) =>
      this.lifecycle.probations.status(name),
    );
  }

  /**
   * Loads and starts every enabled plugin, dependencies first. Failures are reported, not
   * thrown. Files still being written are tried again once quiet (`wait` gives them time),
   * before this resolves: `run` decides its exit code by what started.
   */
  async startAll(wait: (ms: number) => Promise<unknown>): Promise<void> {
    const settling: string[] = [];
    const loaded: LoadedManifest[] = [];
    for (const dir of await this.discover()) {
      const read = await this.lifecycle.readManifest(dir);
      if (read === "settling") settling.push(dir);
      else if (read && read.manifest.enabled !== false) loaded.push(read);
    }
    const plan = planStartup(loaded);
    for (const { item, error } of plan.refused) {
      // A refused duplicate must not take over the record of the plugin that owns the name.
      if (error.phase === "manifest")
        this.lifecycle.reports.report(item.manifest.name, undefined, error);
      else this.lifecycle.reports.fail(this.#records.ensure(item.manifest.name, item.slot), error);
    }
    for (const item of plan.start) {
      if ((await this.#load(item, performance.now())).kind === "settling") settling.push(item.slot);
    }
    const retry = { cause: "change", files: [], force: false } as const;
    await untilSettled(settling, wait, (dir) => this.sync(dir, retry));
  }

  /** The plugin folders in the plugins folder now; folders no path can reach are reported. */
  async discover(): Promise<string[]> {
    const { dirs, unreadable } = discoverPlugins(this.dir);
    for (const error of unreadable) this.#options.onUnreadable(error);
    return dirs;
  }

  /**
   * Brings the plugin in `dir` in line with the disk: load, reload, unload or rename. Unless
   * `force`d, a running plugin whose files hold the bytes it was loaded from is left alone.
   */
  async sync(dir: string, request: SyncRequest): Promise<SyncOutcome> {
    const started = performance.now();
    let record = this.byDir(dir);
    if (!hasManifest(dir)) {
      if (!record) return NONE;
      await this.lifecycle.unload(record.name, "deleted");
      return { kind: "unloaded", name: record.name };
    }
    const loaded = await this.lifecycle.readManifest(dir, record);
    if (loaded === "settling") return { kind: "settling", name: record?.name ?? basename(dir) };
    if (!loaded) return { kind: "failed", name: record?.name ?? basename(dir) };
    const { manifest } = loaded;
    if (manifest.enabled === false) {
      if (!record) return NONE;
      await this.lifecycle.unload(record.name, "disabled");
      return { kind: "unloaded", name: record.name };
    }
    const claim = await claimName(this.lifecycle, dir, record, loaded, this.#options.cwd);
    if (claim === "taken") return { kind: "failed", name: manifest.name };
    record = claim.record;
    if (!record?.current) return this.#load(loaded, started, request);
    return this.#reload(record, loaded, request, started);
  }

  /** The live handle of a plugin the host knows, whatever its state. */
  handle(name: string): object | undefined {
    return this.#records.get(name) ? this.#records.handle(name) : undefined;
  }

  /**
   * The files of the plugin in `dir` whose bytes changed since its last load or reload read
   * them: a change the watcher did not deliver (or delivered too early) still reloads.
   */
  changedSinceRead(dir: string): string[] {
    const read = this.byDir(dir)?.read;
    return read ? changedSince(read) : [];
  }

  /** Stops every running plugin, dependents before their dependencies; frees the runners. */
  async stopAll(): Promise<void> {
    const order = dependencyOrder(this.records()).reverse();
    for (const name of order) await this.lifecycle.unload(name, "shutdown");
    await this.types.checker.close();
    await this.#options.runners.close();
  }

  /** Names of the running plugins that depend on `name`, directly or not, dependencies first. */
  dependentsOf(name: string): string[] {
    return dependentsOf(this.records(), name);
  }

  async #reload(
    record: PluginRecord,
    loaded: LoadedManifest,
    request: SyncRequest,
    started: number,
  ): Promise<SyncOutcome> {
    const { name } = record;
    const read = sourceOf(loaded, this.#options.runners.scan(loaded.entryPath));
    const same = sameAsBefore(record, read, request);
    if (same === "failed") return { kind: "failed", name };
    if (same === "running") {
      const moved = record.source?.dir !== read.dir;
      const before = record.files;
      noteSources(record, read, read);
      // Moved with the same bytes (a new release): forget the old paths' cached modules.
      if (moved) await this.#runnerOf(record.current?.candidate.isolation).release(before);
      return { kind: "unchanged", name };
    }
    noteSources(record, read);
    transition(record, "reload");
    let candidate: Candidate;
    try {
      candidate = await this.#prepare(loaded, read, record);
      try {
        const missing = this.#records.missingDeps(candidate);
        if (missing.length > 0) throw errors.notRunning(name, missing);
        // A changed `listen` moves the listener before the swap: a failure leaves it serving.
        await this.lifecycle.listeners.keep(record, loaded, this.records());
      } catch (error) {
        await candidate.dispose();
        throw error;
      }
    } catch (error) {
      transition(record, "keep");
      return this.lifecycle.settleOrFail(record, read, error);
    }
    const swap = { cause: request.cause, files: request.files, started };
    const ok = await reloadTransaction(this.lifecycle, record, candidate, swap);
    if (!ok) return { kind: "failed", name };
    const ran = afterImport(read);
    noteSources(record, ran, ran);
    this.types.warnAfterSwap(loaded, read);
    return { kind: "reloaded", name };
  }

  /**
   * First start of a plugin folder (or a retry after it failed or waited). A failed plugin
   * whose files hold the bytes of its last attempt is not tried again unless asked to.
   */
  async #load(
    loaded: LoadedManifest,
    started: number,
    request?: SyncRequest,
  ): Promise<SyncOutcome> {
    const { name } = loaded.manifest;
    const record = this.#records.ensure(name, loaded.slot);
    const read = sourceOf(loaded, this.#options.runners.scan(loaded.entryPath));
    const retry = !request || request.force || untracked(request.files, record.read, read);
    if (!retry && record.state === "failed" && sameSource(record.read, read)) {
      return { kind: "failed", name };
    }
    transition(record, "load");
    noteSources(record, read);
    try {
      // Open before the first start: until a generation serves, requests wait, then get 503.
      await this.lifecycle.listeners.keep(record, loaded, this.records());
      this.lifecycle.listeners.hold(record);
      const candidate = await this.#prepare(loaded, read, record);
      await record.pending?.dispose();
      record.pending = candidate;
      // Nothing serves yet: what it waits for decides when it is woken.
      record.dependsOn = candidate.dependsOn;
      const ran = afterImport(read);
      noteSources(record, ran, ran);
    } catch (error) {
      return this.lifecycle.settleOrFail(record, read, error);
    }
    if (!(await this.lifecycle.startPending(record, started))) return { kind: "failed", name };
    this.types.warnAfterSwap(loaded, read);
    return { kind: "started", name };
  }

  /** The type check's gate, then phases 2-3, where the manifest says the plugin runs. */
  async #prepare(
    loaded: LoadedManifest,
    read: SourceState,
    record: PluginRecord,
  ): Promise<Candidate> {
    await this.types.gate(loaded, read);
    return this.#options.runners.load(loaded, this.#options.isolation, {
      graph: read.graph,
      previousFiles: record.files,
      timeoutMs: this.#options.timeoutMs,
      ...this.lifecycle.where,
    });
  }

  #runnerOf(isolation: Isolation | undefined): GenerationRunner {
    return this.#options.runners.byIsolation[isolation ?? this.#options.isolation];
  }
}
