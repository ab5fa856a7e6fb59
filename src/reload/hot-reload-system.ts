import { realpath } from "node:fs/promises";
import { resolve } from "node:path";
import { EventBus } from "../event-bus.ts";
import type { HostEventListener, HostEvents } from "../host-events.ts";
import { HotplugError } from "../hotplug-error.ts";
import { createLogger } from "../logger.ts";
import type { HealthResult } from "../plugin/plugin.ts";
import { PluginManager } from "../plugin/plugin-manager.ts";
import type { PluginStatus } from "../plugin/plugin-record.ts";
import { createRunners } from "../plugin/runner/create-runners.ts";
import { SETTLE_MS } from "../plugin/settle.ts";
import type { SyncOutcome } from "../plugin/sync-outcome.ts";
import type { WhenRunningOptions } from "../plugin/when-running.ts";
import { detectRuntime } from "../runtime/detect-runtime.ts";
import { systemClock } from "../schedule/clock.ts";
import { createFileWatcher } from "../watch/create-watcher.ts";
import type { FileEvent } from "../watch/file-event.ts";
import type { FileWatcher } from "../watch/file-watcher.ts";
import { ChangeBatcher } from "./change-batcher.ts";
import { Coalesced } from "./coalesced.ts";
import { dependencyDirs } from "./dependency-dirs.ts";
import type { HotReloadMetrics } from "./hot-reload-metrics.ts";
import { DEFAULT_OPTIONS, type HotReloadOptions } from "./hot-reload-options.ts";
import { monitorHealth } from "./monitor-health.ts";
import { ownersOf } from "./owners-of.ts";
import { pluginOfError } from "./plugin-of-error.ts";
import { type ReloadJob, ReloadScheduler } from "./reload-scheduler.ts";
import { ReloadStats } from "./reload-stats.ts";
import { summarizeSync } from "./summarize-sync.ts";

export type HotReloadInit = Partial<HotReloadOptions> & Pick<HotReloadOptions, "dir">;
export type SyncSummary = HostEvents["host:synced"];

/**
 * The host: watcher -> ownership -> deadline queue -> scheduler -> plugin manager, with
 * events, metrics and a clean shutdown (the seed's HotReloadSystem). After every job the files
 * it read are compared with the disk again, so a change the watcher missed still reloads.
 */
export class HotReloadSystem {
  readonly options: Readonly<HotReloadOptions>;
  readonly #bus: EventBus;
  readonly #stats = new ReloadStats();
  readonly #changes: ChangeBatcher;
  readonly #scheduler: ReloadScheduler<string, SyncOutcome>;
  readonly #sync = new Coalesced<SyncSummary>(() => this.#syncAll("manual"));
  #manager: PluginManager | undefined;
  #watcher: FileWatcher | undefined;
  #stopHealthChecks: () => void = () => {};
  #eventsProcessed = 0;
  /** Failures from outside any hook, waiting for their plugin's turn, by plugin folder. */
  readonly #failures = new Map<string, unknown>();
  #state: "new" | "starting" | "running" | "stopping" | "stopped" = "new";

  constructor(init: HotReloadInit) {
    const logger = init.logger ?? createLogger();
    this.options = Object.freeze({
      ...DEFAULT_OPTIONS,
      runtime: init.runtime ?? detectRuntime(),
      clock: init.clock ?? systemClock,
      ...init,
      logger,
      dir: resolve(init.dir),
    });
    this.#bus = new EventBus((error) => logger.error("an event listener threw:", error));
    this.#bus.on((event) => this.#stats.record(event));
    this.#changes = new ChangeBatcher({
      debounce: this.options.debounceInterval,
      maxWait: this.options.maxWait,
      clock: this.options.clock,
      onBatch: (key, files) => void this.#scheduler.enqueue(key, "change", files),
    });
    this.#scheduler = new ReloadScheduler<string, SyncOutcome>({
      concurrency: this.options.maxConcurrentReloads,
      run: (job) => this.#run(job),
      dependenciesOf: (key) => this.#dependencyDirs(key),
    });
    this.#scheduler.pause();
  }

  /** Subscribes to the event stream; returns the unsubscribe function. */
  on(listener: HostEventListener): () => void {
    return this.#bus.on(listener);
  }

  /** Loads and starts every plugin without watching (`hotplug run`). */
  async start(): Promise<void> {
    await this.#load(false);
    this.#ready(null);
  }

  /**
   * Loads and starts every plugin, then reloads them as their files change (`hotplug dev`).
   * The watcher is armed first, so a save made while plugins start is not lost.
   */
  async startWatching(): Promise<void> {
    await this.#load(true);
    this.#ready(this.#watcher?.mode ?? null);
  }

  /** Reloads one plugin from disk now, changed or not; resolves when its reload is over. */
  async reload(name: string): Promise<void> {
    const record = this.#running().get(name);
    if (!record) {
      throw new HotplugError("PLUGIN_UNKNOWN", `Cannot reload ${name}: no such plugin`);
    }
    await this.#scheduler.enqueue(record.dir, "manual", [], true);
  }

  /** Reloads every plugin from disk, changed or not (the `r` key). */
  async reloadAll(): Promise<void> {
    const manager = this.#running();
    await Promise.all(
      manager.records().map((record) => this.#scheduler.enqueue(record.dir, "manual", [], true)),
    );
  }

  /**
   * Brings every plugin in line with the disk, like nginx's reload (SIGHUP): the plugins
   * folder is resolved again (for symlinks), plugins whose files differ reload, new ones start,
   * removed ones unload; then `host:synced`. A call during a sync queues exactly one more.
   */
  sync(): Promise<SyncSummary> {
    this.#running();
    return this.#sync.run();
  }

  /**
   * The live handle of `name`'s API (undefined for a plugin the host does not know): each read
   * and call reaches the generation serving then; while none serves, it throws
   * PluginUnavailableError at once.
   */
  api(name: string): unknown {
    return this.#manager?.handle(name);
  }

  /** Resolves with `name`'s live handle once a generation of it serves (see api()). */
  whenRunning(name: string, options?: WhenRunningOptions): Promise<unknown> {
    return this.#running().whenRunning(name, options);
  }

  status(): PluginStatus[] {
    return this.#manager?.status() ?? [];
  }

  health(name: string): Promise<HealthResult> {
    return this.#running().health(name);
  }

  /**
   * For the process's uncaughtException / unhandledRejection handlers: when the error's stack
   * points into one plugin's code, that plugin is stopped and marked failed, and this returns
   * its name; otherwise undefined and nothing changes.
   */
  handleUncaught(error: unknown): string | undefined {
    const manager = this.#manager;
    if (!manager || this.#state === "stopping" || this.#state === "stopped") return undefined;
    const running = manager.records().filter((record) => record.current);
    const name = pluginOfError(error, running, (location) =>
      this.options.runtime.sourcePath(location),
    );
    return name !== undefined && this.#failRunning(name, error) ? name : undefined;
  }

  /** Resolves when no change is waiting out its debounce and no reload is running or queued. */
  async idle(): Promise<void> {
    do {
      await this.#changes.drained();
      await this.#scheduler.idle();
    } while (this.#changes.pending > 0 || this.#scheduler.queueLength > 0);
  }

  getMetrics(): HotReloadMetrics {
    return this.#stats.snapshot({
      eventsProcessed: this.#eventsProcessed,
      debounceHitCount: this.#changes.debounceHits,
      queueLength: this.#scheduler.queueLength,
      activeReloads: this.#scheduler.active,
      watcherMode: this.#watcher?.mode ?? null,
      plugins: this.status(),
    });
  }

  /**
   * Stops watching, lets running reloads finish, stops plugins in reverse dependency order and
   * releases every watcher and timer, so the process can exit by itself.
   */
  async shutdown(): Promise<void> {
    if (this.#state === "stopping" || this.#state === "stopped") return;
    this.#state = "stopping";
    this.#stopHealthChecks();
    await this.#watcher?.close();
    this.#changes.close();
    this.#scheduler.resume();
    await this.#scheduler.idle();
    await this.#manager?.stopAll();
    this.#state = "stopped";
    this.#bus.emit("host:stopped", { metrics: this.getMetrics() });
  }

  async #load(watch: boolean): Promise<void> {
    if (this.#state !== "new") throw new TypeError("Cannot start: this host was started before");
    this.#state = "starting";
    const realDir = await this.#realDir();
    const runners = createRunners(this.options.runtime);
    const manager = new PluginManager(
      {
        dir: this.options.dir,
        runners: runners.byIsolation,
        isolation: this.options.isolation,
        scan: runners.scan,
        timeoutMs: this.options.timeout,
        logger: this.options.logger,
        bus: this.#bus,
        onCrash: (name, error) => void this.#failRunning(name, error),
      },
      realDir,
    );
    this.#manager = manager;
    if (watch) {
      this.#watcher = createFileWatcher({
        root: this.options.dir,
        include: this.options.filePatterns,
        exclude: this.options.excludePatterns,
        pollInterval: this.options.pollInterval,
        forcePoll: this.options.poll,
        onEvent: (event) => this.#onFileEvent(event),
        onFallback: (info) => this.#bus.emit("watcher:fallback", info),
        onError: (error) => this.options.logger.warn(`watcher: ${error.message}`),
      });
      await this.#watcher.watch();
    }
    // Files still being written while plugins start are tried again once quiet, before
    // host:ready: `run` decides its exit code by what started.
    let settling = await manager.startAll();
    while (settling.length > 0) {
      await new Promise((wake) => this.options.clock.setTimeout(() => wake(undefined), SETTLE_MS));
      const retry = { cause: "change", files: [], force: false } as const;
      const outcomes = await Promise.all(settling.map((dir) => manager.sync(dir, retry)));
      settling = settling.filter((_, i) => outcomes[i]?.kind === "settling");
    }
  }

  async #realDir(): Promise<string> {
    try {
      return await realpath(this.options.dir);
    } catch (cause) {
      throw new HotplugError(
        "PLUGINS_DIR_MISSING",
        `Cannot start: plugins folder ${this.options.dir} does not exist`,
        { cause },
      );
    }
  }

  #ready(watcher: FileWatcher["mode"] | null): void {
    const manager = this.#running();
    this.#state = "running";
    // Work that arrived while plugins started (saves, uncaught errors) runs now, in order.
    this.#scheduler.resume();
    const records = manager.records();
    const names = (running: boolean) =>
      records
        .filter((r) => (r.current !== undefined) === running)
        .map((r) => r.name)
        .sort();
    this.#bus.emit("host:ready", {
      dir: manager.dir,
      watcher,
      plugins: names(true),
      failed: names(false),
    });
    if (this.options.healthInterval > 0) {
      this.#stopHealthChecks = monitorHealth(
        manager,
        this.options.healthInterval,
        this.options.logger,
      );
    }
  }

  #running(): PluginManager {
    if (!this.#manager)
      throw new TypeError("Cannot use the host before start() or startWatching()");
    return this.#manager;
  }

  #onFileEvent(event: FileEvent): void {
    const manager = this.#manager;
    if (!manager || (this.#state !== "running" && this.#state !== "starting")) return;
    this.#eventsProcessed++;
    const paths = event.oldPath ? [event.path, event.oldPath] : [event.path];
    for (const path of paths) {
      for (const owner of ownersOf(path, manager, manager.records()))
        this.#changes.add(owner, [path]);
    }
  }

  /** Through the scheduler, so it never overlaps a reload of the same plugin. */
  #failRunning(name: string, error: unknown): boolean {
    const record = this.#manager?.get(name);
    if (!record) return false;
    this.#failures.set(record.dir, error);
    void this.#scheduler.enqueue(record.dir, "manual");
    return true;
  }

  async #run(job: ReloadJob<string, SyncOutcome>): Promise<SyncOutcome> {
    try {
      return await this.#runJob(job);
    } catch (error) {
      this.options.logger.error(`reload of ${job.key} failed unexpectedly:`, error);
      return { kind: "none" };
    }
  }

  async #runJob(job: ReloadJob<string, SyncOutcome>): Promise<SyncOutcome> {
    const manager = this.#running();
    const record = manager.byDir(job.key);
    const failure = this.#failures.get(job.key);
    if (record && this.#failures.delete(job.key)) {
      await manager.failRunning(record.name, failure);
      // A save that came with it retries the plugin; a bare failure leaves it failed.
      if (job.cause !== "change") return { kind: "failed", name: record.name };
    }
    const outcome =
      job.cause === "dependency"
        ? record && (await manager.restart(record.name, "dependency"))
          ? ({ kind: "reloaded", name: record.name } as const)
          : ({ kind: "none" } as const)
        : await manager.sync(job.key, {
            cause: job.cause,
            files: [...job.files],
            force: job.force,
          });
    if (outcome.kind === "settling") this.#changes.add(job.key, job.files, SETTLE_MS);
    // What runs is what is on disk: bytes that changed since this job read them reload now,
    // whatever the watcher delivered.
    const changed = manager.changedSinceRead(job.key);
    if (changed.length > 0) void this.#scheduler.enqueue(job.key, "change", changed);
    if (outcome.kind === "reloaded") {
      for (const name of manager.dependentsOf(outcome.name)) {
        const dependent = manager.get(name);
        if (dependent?.current) void this.#scheduler.enqueue(dependent.dir, "dependency");
      }
    }
    return outcome;
  }

  async #syncAll(cause: "manual" | "change"): Promise<SyncSummary> {
    const manager = this.#running();
    manager.realDir = await this.#realDir();
    const dirs = new Set([...(await manager.discover()), ...manager.records().map((r) => r.dir)]);
    const outcomes = await Promise.all(
      [...dirs].map((dir) => this.#scheduler.enqueue(dir, cause, [], false)),
    );
    const summary = summarizeSync(outcomes);
    this.#bus.emit("host:synced", summary);
    return summary;
  }

  #dependencyDirs(key: string): string[] {
    const manager = this.#running();
    // Called for every queued job on every scheduler turn: look records up, copy nothing.
    return dependencyDirs((name) => manager.get(name), manager.byDir(key));
  }
}
