import type { ConsolaInstance } from "consola";
import type { EventBus } from "../event-bus.ts";
import type { HostEvents, ReloadCause } from "../host-events.ts";
import type { PluginManager } from "../plugin/plugin-manager.ts";
import { SETTLE_MS } from "../plugin/settle.ts";
import type { SyncOutcome } from "../plugin/sync-outcome.ts";
import type { Clock } from "../schedule/clock.ts";
import { dependencyDirs } from "./dependency-dirs.ts";
import { PendingChanges } from "./pending-changes.ts";
import { type ReloadJob, ReloadScheduler } from "./reload-scheduler.ts";
import { summarizeSync } from "./summarize-sync.ts";

export type SyncSummary = HostEvents["host:synced"];

export interface ReloadJobsOptions {
  readonly debounce: number | "auto";
  readonly maxWait: number;
  readonly concurrency: number;
  readonly clock: Clock;
  readonly logger: ConsolaInstance;
  readonly bus: EventBus;
  /** After each job: what the plugins read may have changed (their outside folders, say). */
  readonly afterJob?: () => void;
}

/**
 * What turns changes into the manager's work: changed files wait out their debounce per
 * plugin folder, then run as jobs, one per folder at a time, dependencies first. After every
 * job the files it read are compared with the disk again, so a change the watcher missed (or
 * delivered before the job read the file) still reloads.
 */
export class ReloadJobs {
  readonly #options: ReloadJobsOptions;
  readonly #changes: PendingChanges;
  readonly #scheduler: ReloadScheduler<string, SyncOutcome>;
  /** Failures from outside any hook, waiting for their plugin's turn, by plugin folder. */
  readonly #failures = new Map<string, unknown>();
  #manager: PluginManager | undefined;
  /** Shutting down: no new work, only what is running or queued finishes. */
  #closed = false;

  constructor(options: ReloadJobsOptions) {
    this.#options = options;
    this.#changes = new PendingChanges({
      debounce: options.debounce,
      maxWait: options.maxWait,
      clock: options.clock,
      onBatch: (key, files) => void this.#enqueue(key, "change", files),
    });
    this.#scheduler = new ReloadScheduler<string, SyncOutcome>({
      concurrency: options.concurrency,
      run: (job) => this.#run(job),
      dependenciesOf: (key) => this.#dependencyDirs(key),
    });
    // Work that arrives while plugins start (saves, uncaught errors) waits for start().
    this.#scheduler.pause();
  }

  /** The manager the jobs run on; work queued before it came waits for `start()`. */
  attach(manager: PluginManager): void {
    this.#manager = manager;
  }

  start(): void {
    this.#scheduler.resume();
  }

  get gauges() {
    return {
      debounceHitCount: this.#changes.debounceHits,
      queueLength: this.#scheduler.queueLength,
      activeReloads: this.#scheduler.active,
    };
  }

  /** `files` changed in the plugin folder `dir`: it reloads once they are quiet. */
  changed(dir: string, files: readonly string[], atLeastMs?: number): void {
    this.#changes.add(dir, files, atLeastMs);
  }

  /**
   * Brings `dir` in line with the disk now; `force` reloads even when nothing differs.
   * Undefined once closed: nothing runs then.
   */
  sync(dir: string, cause: ReloadCause, force: boolean): Promise<SyncOutcome | undefined> {
    return this.#enqueue(dir, cause, [], force);
  }

  /**
   * Installed packages (`paths`) that the plugin in `dir` imports changed: it reloads, whatever
   * its digests say, since they cover none of a package's files.
   */
  installed(dir: string, paths: readonly string[]): void {
    void this.#enqueue(dir, "change", paths, true);
  }

  /** A running plugin failed outside any hook; it is stopped in its turn, never mid-reload. */
  failRunning(dir: string, error: unknown): void {
    if (this.#closed) return;
    this.#failures.set(dir, error);
    void this.#enqueue(dir, "manual");
  }

  /**
   * Every plugin folder, old and new, compared with the disk; then `host:synced`. Once closed
   * nothing is compared and nothing is said (a SIGHUP during shutdown starts no plugin).
   */
  async syncAll(cause: ReloadCause): Promise<SyncSummary> {
    const manager = this.#manager as PluginManager;
    if (this.#closed) return summarizeSync([]);
    const dirs = new Set([...(await manager.discover()), ...manager.records().map((r) => r.dir)]);
    const outcomes = await Promise.all([...dirs].map((dir) => this.sync(dir, cause, false)));
    const summary = summarizeSync(outcomes);
    if (!this.#closed) this.#options.bus.emit("host:synced", summary);
    return summary;
  }

  /** Resolves when no change is waiting out its debounce and no job is running or queued. */
  async idle(): Promise<void> {
    do {
      await this.#changes.drained();
      await this.#scheduler.idle();
    } while (this.#changes.pending > 0 || this.#scheduler.queueLength > 0);
  }

  /**
   * Drops changes still waiting out their debounce and refuses new work (follow-ups of the
   * jobs that finish included: their plugins are about to stop); running and queued jobs finish.
   */
  async close(): Promise<void> {
    this.#closed = true;
    this.#changes.close();
    this.#scheduler.resume();
    await this.#scheduler.idle();
  }

  async #run(job: ReloadJob<string, SyncOutcome>): Promise<SyncOutcome> {
    try {
      return await this.#runJob(job);
    } catch (error) {
      this.#options.logger.error(`reload of ${job.key} failed unexpectedly:`, error);
      return { kind: "none" };
    } finally {
      this.#options.afterJob?.();
    }
  }

  async #runJob(job: ReloadJob<string, SyncOutcome>): Promise<SyncOutcome> {
    const manager = this.#manager as PluginManager;
    const record = manager.byDir(job.key);
    const failure = this.#failures.get(job.key);
    if (record && this.#failures.delete(job.key)) {
      const failed = await manager.lifecycle.failRunning(record.name, failure);
      // Back on its last good code (probation): its dependents restart on what serves.
      if (failed === "rolled back" && job.cause !== "change") {
        this.#restartDependents(manager, record.name);
        return { kind: "failed", name: record.name };
      }
      // A save that came with it retries the plugin; a bare failure leaves it failed.
      if (job.cause !== "change") return { kind: "failed", name: record.name };
    }
    const outcome = await manager.sync(job.key, {
      cause: job.cause,
      files: [...job.files],
      force: job.force,
    });
    if (this.#closed) return outcome;
    // No plugin in the folder any more: nothing learned of its saves is kept.
    if (outcome.kind === "unloaded" || outcome.kind === "none") this.#changes.forget(job.key);
    // Files of the folder were still being written: look again once they have been quiet.
    if (outcome.kind === "settling") this.#changes.retry(job.key, job.files, SETTLE_MS);
    // What runs is what is on disk: bytes that changed since this job read them reload now,
    // whatever the watcher delivered.
    const changed = manager.changedSinceRead(job.key);
    if (changed.length > 0) void this.#enqueue(job.key, "change", changed);
    if (outcome.kind === "reloaded") this.#restartDependents(manager, outcome.name);
    return outcome;
  }

  /** `name` serves new code: its running dependents restart after it, in order, once. */
  #restartDependents(manager: PluginManager, name: string): void {
    for (const dependent of manager.dependentsOf(name).map((n) => manager.get(n))) {
      // From a fresh import, like any reload: nothing of its old generation is reused.
      if (dependent?.current) void this.#enqueue(dependent.dir, "dependency", [], true);
    }
  }

  #enqueue(
    dir: string,
    cause: ReloadCause,
    files: readonly string[] = [],
    force = false,
  ): Promise<SyncOutcome | undefined> {
    if (this.#closed) return Promise.resolve(undefined);
    return this.#scheduler.enqueue(dir, cause, files, force);
  }

  #dependencyDirs(key: string): string[] {
    const manager = this.#manager;
    // Called for every queued job on every scheduler turn: look records up, copy nothing.
    return manager ? dependencyDirs((name) => manager.get(name), manager.byDir(key)) : [];
  }
}
