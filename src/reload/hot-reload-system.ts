import { realpath } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { EventBus } from "../event-bus.ts";
import type { HostEventListener } from "../host-events.ts";
import { HotplugError } from "../hotplug-error.ts";
import { createLogger } from "../logger.ts";
import { PluginLoader } from "../plugin/loader/plugin-loader.ts";
import type { HealthResult } from "../plugin/plugin.ts";
import { PluginManager } from "../plugin/plugin-manager.ts";
import type { PluginStatus } from "../plugin/plugin-record.ts";
import { detectRuntime } from "../runtime/detect-runtime.ts";
import { systemClock } from "../schedule/clock.ts";
import { createFileWatcher } from "../watch/create-watcher.ts";
import type { FileEvent } from "../watch/file-event.ts";
import type { FileWatcher } from "../watch/file-watcher.ts";
import { ChangeBatcher } from "./change-batcher.ts";
import { dependencyDirs } from "./dependency-dirs.ts";
import type { HotReloadMetrics } from "./hot-reload-metrics.ts";
import { DEFAULT_OPTIONS, type HotReloadOptions } from "./hot-reload-options.ts";
import { monitorHealth } from "./monitor-health.ts";
import { ownersOf } from "./owners-of.ts";
import { pluginOfError } from "./plugin-of-error.ts";
import { type ReloadJob, ReloadScheduler } from "./reload-scheduler.ts";
import { ReloadStats } from "./reload-stats.ts";

export type HotReloadInit = Partial<HotReloadOptions> & Pick<HotReloadOptions, "dir">;

/**
 * The host: watcher -> ownership -> deadline queue -> scheduler -> reload transaction ->
 * plugin manager, with events, metrics and a clean shutdown (the seed's HotReloadSystem).
 */
export class HotReloadSystem {
  readonly options: Readonly<HotReloadOptions>;
  readonly #bus: EventBus;
  readonly #stats = new ReloadStats();
  readonly #changes: ChangeBatcher;
  readonly #scheduler: ReloadScheduler<string>;
  #manager: PluginManager | undefined;
  #watcher: FileWatcher | undefined;
  #stopHealthChecks: () => void = () => {};
  #eventsProcessed = 0;
  /** Uncaught errors waiting for their plugin's turn in the scheduler, by plugin folder. */
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
    this.#scheduler = new ReloadScheduler<string>({
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

  /** Reloads one plugin from disk now; resolves when its transaction is over. */
  reload(name: string): Promise<void> {
    const record = this.#running().get(name);
    if (!record) {
      return Promise.reject(
        new HotplugError("PLUGIN_UNKNOWN", `Cannot reload ${name}: no such plugin`),
      );
    }
    return this.#scheduler.enqueue(record.dir, "manual");
  }

  async reloadAll(): Promise<void> {
    const manager = this.#running();
    await Promise.all(
      manager.records().map((record) => this.#scheduler.enqueue(record.dir, "manual")),
    );
  }

  /** What the running generation's setup() returned, or undefined when none runs. */
  api(name: string): unknown {
    return this.#manager?.get(name)?.current?.api;
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
    const record = name === undefined ? undefined : manager.get(name);
    if (!record) return undefined;
    // Through the scheduler, so it never overlaps a reload of the same plugin.
    this.#failures.set(record.dir, error);
    void this.#scheduler.enqueue(record.dir, "manual");
    return name;
  }

  /** Resolves when no change is waiting out its debounce and no reload is running or queued. */
  async idle(): Promise<void> {
    do {
      await this.#changes.drained();
      await this.#scheduler.idle();
    } while (this.#changes.pending > 0);
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
    let dir: string;
    try {
      dir = await realpath(this.options.dir);
    } catch (cause) {
      throw new HotplugError(
        "PLUGINS_DIR_MISSING",
        `Cannot start: plugins folder ${this.options.dir} does not exist`,
        { cause },
      );
    }
    this.#manager = new PluginManager({
      dir,
      loader: new PluginLoader(this.options.runtime),
      timeoutMs: this.options.timeout,
      logger: this.options.logger,
      bus: this.#bus,
    });
    if (watch) {
      this.#watcher = createFileWatcher({
        root: dir,
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
    await this.#manager.startAll();
  }

  #ready(watcher: FileWatcher["mode"] | null): void {
    const manager = this.#running();
    this.#state = "running";
    // Work that arrived while plugins started (saves, uncaught errors) runs now, in order.
    this.#scheduler.resume();
    const records = manager.records();
    this.#bus.emit("host:ready", {
      dir: manager.dir,
      watcher,
      plugins: records
        .filter((r) => r.current)
        .map((r) => r.name)
        .sort(),
      failed: records
        .filter((r) => !r.current)
        .map((r) => r.name)
        .sort(),
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
      for (const owner of ownersOf(path, manager.dir, manager.records()))
        this.#changes.add(owner, path);
    }
  }

  async #run(job: ReloadJob<string>): Promise<void> {
    const manager = this.#running();
    try {
      const record = manager.byDir(job.key);
      const failure = this.#failures.get(job.key);
      if (record && this.#failures.delete(job.key)) {
        await manager.failRunning(record.name, failure);
        // A save that came with it retries the plugin; a bare failure leaves it failed.
        if (job.cause !== "change") return;
      }
      const reloaded =
        job.cause === "dependency"
          ? record && (await manager.restart(record.name, "dependency"))
            ? record.name
            : undefined
          : await manager.sync(job.key, job.cause, [...job.files]);
      if (!reloaded) return;
      for (const name of manager.dependentsOf(reloaded)) {
        const dependent = manager.get(name);
        if (dependent?.current) void this.#scheduler.enqueue(dependent.dir, "dependency");
      }
    } catch (error) {
      this.options.logger.error(
        `reload of ${relative(manager.dir, job.key)} failed unexpectedly:`,
        error,
      );
    }
  }

  #dependencyDirs(key: string): string[] {
    const manager = this.#running();
    // Called for every queued job on every scheduler turn: look records up, copy nothing.
    return dependencyDirs((name) => manager.get(name), manager.byDir(key));
  }
}
