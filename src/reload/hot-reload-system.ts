import { resolve } from "node:path";
import { HotplugError } from "../errors/hotplug-error.ts";
import { EventBus } from "../event-bus.ts";
import type { HostEventListener } from "../host-events.ts";
import { createLogger } from "../logger.ts";
import type { HealthResult } from "../plugin/plugin.ts";
import type { PluginManager } from "../plugin/plugin-manager.ts";
import type { PluginStatus } from "../plugin/plugin-status.ts";
import { SETTLE_MS } from "../plugin/settle.ts";
import type { WhenRunningOptions } from "../plugin/when-running.ts";
import { detectRuntime } from "../runtime/detect-runtime.ts";
import { systemClock } from "../schedule/clock.ts";
import type { FileEvent } from "../watch/file-event.ts";
import type { FileWatcher, WatchMode } from "../watch/file-watcher.ts";
import { Coalesced } from "./coalesced.ts";
import { NO_DURATIONS } from "./duration-histogram.ts";
import { hostManager } from "./host-manager.ts";
import type { HotReloadMetrics } from "./hot-reload-metrics.ts";
import { DEFAULT_OPTIONS, type HotReloadOptions } from "./hot-reload-options.ts";
import { monitorHealth } from "./monitor-health.ts";
import { NameWarnings } from "./name-warnings.ts";
import { ownersOf } from "./owners-of.ts";
import { pluginOfError } from "./plugin-of-error.ts";
import { readyEvent } from "./ready-event.ts";
import { realPluginsDir } from "./real-plugins-dir.ts";
import { ReloadJobs, type SyncSummary } from "./reload-jobs.ts";
import { ReloadStats } from "./reload-stats.ts";
import { summarizeSync } from "./summarize-sync.ts";
import { type OutsideWatch, watchOutside } from "./watch-outside.ts";
import { watchPlugins } from "./watch-plugins.ts";

export type HotReloadInit = Partial<HotReloadOptions> & Pick<HotReloadOptions, "dir">;
export type { SyncSummary };

/**
 * The host: watcher -> ownership -> deadline queue -> scheduler -> plugin manager, with
 * events, metrics and a clean shutdown (the seed's HotReloadSystem). After every job the files
 * it read are compared with the disk again, so a change the watcher missed still reloads.
 */
export class HotReloadSystem {
  readonly options: Readonly<HotReloadOptions>;
  readonly #bus: EventBus;
  readonly #stats = new ReloadStats();
  readonly #jobs: ReloadJobs;
  /** SIGHUP's and a moved root's re-syncs, one at a time; `#syncCause` is the latest ask's. */
  readonly #sync = new Coalesced<SyncSummary>(() => this.#syncAll(this.#syncCause));
  #syncCause: "manual" | "change" = "manual";
  /** Settles when start() or startWatching() has: a sync asked for meanwhile waits for it. */
  #loading: Promise<void> | undefined;
  readonly #names: NameWarnings;
  #manager: PluginManager | undefined;
  #watcher: FileWatcher | undefined;
  /** What the graphs reach outside the plugins folder: other folders, installed packages. */
  #outside: OutsideWatch | undefined;
  #stopHealthChecks: () => void = () => {};
  #eventsProcessed = 0;
  #state: "new" | "starting" | "running" | "stopping" | "stopped" = "new";

  constructor(init: HotReloadInit) {
    const logger = init.logger ?? createLogger();
    this.options = Object.freeze({
      ...DEFAULT_OPTIONS,
      runtime: init.runtime ?? detectRuntime(),
      clock: init.clock ?? systemClock,
      cwd: init.cwd ?? process.cwd(),
      ...init,
      logger,
      dir: resolve(init.dir),
    });
    this.#names = new NameWarnings(this.options.dir, logger);
    this.#bus = new EventBus((error) => logger.error("an event listener threw:", error));
    this.#bus.on((event) => this.#stats.record(event));
    this.#jobs = new ReloadJobs({
      debounce: this.options.debounceInterval,
      maxWait: this.options.maxWait,
      concurrency: this.options.maxConcurrentReloads,
      clock: this.options.clock,
      logger,
      bus: this.#bus,
      afterJob: () => void this.#outside?.update(),
    });
  }

  /** Subscribes to the event stream; returns the unsubscribe function. */
  on(listener: HostEventListener): () => void {
    return this.#bus.on(listener);
  }

  /** Loads and starts every plugin without watching (`hotplug run`). */
  async start(): Promise<void> {
    await this.#begin(false);
    this.#ready(null);
  }

  /**
   * Loads and starts every plugin, then reloads them as their files change (`hotplug dev`).
   * The watcher is armed first, so a save made while plugins start is not lost.
   */
  async startWatching(): Promise<void> {
    await this.#begin(true);
    this.#ready(this.#watcher?.mode ?? null);
  }

  /** Reloads one plugin from disk now, changed or not; resolves when its reload is over. */
  async reload(name: string): Promise<void> {
    const record = this.#running().get(name);
    if (!record) {
      throw new HotplugError("PLUGIN_UNKNOWN", `Cannot reload ${name}: no such plugin`);
    }
    await this.#jobs.sync(record.dir, "manual", true);
  }

  /** Reloads every plugin from disk, changed or not (the `r` key). */
  async reloadAll(): Promise<void> {
    const manager = this.#running();
    await Promise.all(
      manager.records().map((record) => this.#jobs.sync(record.dir, "manual", true)),
    );
  }

  /**
   * Brings every plugin in line with the disk, like nginx's reload (SIGHUP): the plugins
   * folder is resolved again (for symlinks), plugins whose files differ reload, new ones start,
   * removed ones unload; then `host:synced`. A call during a sync queues exactly one more; one
   * while plugins start waits for them; one during or after shutdown changes nothing.
   */
  sync(): Promise<SyncSummary> {
    if (this.#state === "new") this.#running();
    return this.#requestSync("manual");
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
    return this.#running().lifecycle.whenRunning(name, options);
  }

  status(): PluginStatus[] {
    return this.#manager?.status() ?? [];
  }

  health(name: string): Promise<HealthResult> {
    return this.#running().lifecycle.health(name);
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
    await this.#outside?.idle();
    await this.#jobs.idle();
  }

  getMetrics(): HotReloadMetrics {
    return this.#stats.snapshot({
      eventsProcessed: this.#eventsProcessed,
      ...this.#jobs.gauges,
      watcherMode: this.#watcher?.mode ?? null,
      plugins: this.status(),
      typecheckDurations: this.#manager?.types.checker.durations() ?? NO_DURATIONS,
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
    await this.#outside?.close();
    await this.#jobs.close();
    await this.#manager?.stopAll();
    this.#state = "stopped";
    this.#bus.emit("host:stopped", { metrics: this.getMetrics() });
  }

  #begin(watch: boolean): Promise<void> {
    if (this.#state !== "new") throw new TypeError("Cannot start: this host was started before");
    this.#state = "starting";
    this.#loading = this.#load(watch);
    return this.#loading;
  }

  async #load(watch: boolean): Promise<void> {
    const realDir = await realPluginsDir(this.options.dir, "start");
    const manager = hostManager(this.options, this.#bus, realDir, {
      failed: (name, error) => void this.#failRunning(name, error),
      unreadable: (error) => this.#names.found(error.path, error.message),
    });
    this.#manager = manager;
    this.#jobs.attach(manager);
    if (watch) {
      this.#watcher = watchPlugins(this.options, manager, {
        onEvent: (event) => this.#onFileEvent(event),
        onFallback: (info) => this.#bus.emit("watcher:fallback", info),
        onName: (error) => this.#names.watched(error.path, error.message),
        onRootChange: () => void this.#requestSync("change"),
      });
      await this.#watcher.watch();
    }
    await manager.startAll(
      (ms) => new Promise<void>((wake) => this.options.clock.setTimeout(() => wake(), ms)),
    );
    if (watch) {
      this.#outside = watchOutside(this.options, manager, this.#jobs, (event, mode) =>
        this.#onFileEvent(event, mode),
      );
      await this.#outside.update();
    }
  }

  #ready(watcher: FileWatcher["mode"] | null): void {
    const manager = this.#running();
    this.#state = "running";
    // Work that arrived while plugins started (saves, uncaught errors) runs now, in order.
    this.#jobs.start();
    this.#bus.emit("host:ready", readyEvent(manager, watcher));
    if (this.options.healthInterval > 0) {
      const plugins = {
        records: () => manager.records(),
        health: (name: string) => this.health(name),
      };
      this.#stopHealthChecks = monitorHealth(
        plugins,
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

  #onFileEvent(event: FileEvent, mode: WatchMode | undefined = this.#watcher?.mode): void {
    const manager = this.#manager;
    if (!manager || (this.#state !== "running" && this.#state !== "starting")) return;
    this.#eventsProcessed++;
    const paths = event.oldPath ? [event.path, event.oldPath] : [event.path];
    // A poll can land between two writes of one save (a formatter's rewrite 30 ms later): the
    // file waits until it has been quiet as long as a failure must be before it is believed.
    const quiet =
      mode === "poll" && event.changedAt !== undefined
        ? Math.max(0, event.changedAt + SETTLE_MS - Date.now())
        : 0;
    for (const path of paths) {
      for (const owner of ownersOf(path, manager, manager.records()))
        this.#jobs.changed(owner, [path], quiet);
    }
  }

  /** Through the scheduler, so it never overlaps a reload of the same plugin. */
  #failRunning(name: string, error: unknown): boolean {
    const record = this.#manager?.get(name);
    if (!record) return false;
    this.#jobs.failRunning(record.dir, error);
    return true;
  }

  #requestSync(cause: "manual" | "change"): Promise<SyncSummary> {
    this.#syncCause = cause;
    return this.#sync.run();
  }

  async #syncAll(cause: "manual" | "change"): Promise<SyncSummary> {
    await this.#loading?.catch(() => undefined); // a failed start is its caller's to report
    if (this.#state !== "running") return summarizeSync([]);
    this.#running().realDir = await realPluginsDir(this.options.dir, "sync");
    return this.#jobs.syncAll(cause);
  }
}
