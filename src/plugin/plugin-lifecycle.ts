import { basename } from "node:path";
import type { ConsolaInstance } from "consola";
import { messageOf } from "../errors/hotplug-error.ts";
import { ReloadError } from "../errors/reload-error.ts";
import type { PathContext } from "../errors/shown-path.ts";
import type { EventBus } from "../event-bus.ts";
import type { Isolation, UnloadReason } from "../host-events.ts";
import type { Clock } from "../schedule/clock.ts";
import type { Candidate, Generation, StartOptions } from "./generation-runner.ts";
import { lifecycleErrors as errors } from "./lifecycle-errors.ts";
import { dependentsOf } from "./manifest/dependency-graph.ts";
import { ManifestCache } from "./manifest/manifest-cache.ts";
import type { LoadedManifest } from "./manifest/read-manifest.ts";
import type { HealthResult } from "./plugin.ts";
import type { PluginListeners } from "./plugin-listeners.ts";
import { markRunning, noteSources, type PluginRecord } from "./plugin-record.ts";
import type { PluginRegistry } from "./plugin-registry.ts";
import { PluginReports } from "./plugin-reports.ts";
import { transition } from "./plugin-state.ts";
import { prepareManifest } from "./prepare-plugin.ts";
import { Probations } from "./probation.ts";
import { probationRollback, type TransactionHost } from "./reload-transaction.ts";
import { stillSettling } from "./settle.ts";
import { manifestOnly, type SourceState } from "./source-state.ts";
import type { SyncOutcome } from "./sync-outcome.ts";
import { type WhenRunningOptions, whenRunning } from "./when-running.ts";

export interface LifecycleOptions {
  readonly records: PluginRegistry;
  readonly timeoutMs: number;
  readonly logger: ConsolaInstance;
  readonly bus: EventBus;
  /** The plugins folder's real path now: events name files relative to it. */
  readonly root: () => string;
  /** The working directory: messages show paths by shownPath's rule. */
  readonly cwd: string;
  /** A running generation failed outside any hook (its worker crashed or exited). */
  readonly onCrash: (name: string, error: Error) => void;
  /** Forgets what the runner of `isolation` keeps of these files. */
  readonly release: (isolation: Isolation | undefined, files: readonly string[]) => Promise<void>;
  /** The listeners of the plugins that serve. */
  readonly listeners: PluginListeners;
  /** Probation (ms) after a swap for plugins whose manifest does not say (`--probation`). */
  readonly probationMs: number;
  readonly clock: Clock;
  /**
   * A generation on probation failed a check (health, its answers): its rollback must run in
   * the plugin's turn, as failRunning.
   */
  readonly onProbationFailure: (name: string, error: ReloadError) => void;
}

/**
 * What happens to one plugin record, whatever asked for it: starting a validated candidate
 * (or waiting for its dependencies), stopping, failing, and the dependents that wait on it.
 */
export class PluginLifecycle implements TransactionHost {
  readonly records: PluginRegistry;
  readonly timeoutMs: number;
  readonly bus: EventBus;
  readonly listeners: PluginListeners;
  readonly probations: Probations;
  readonly #options: LifecycleOptions;
  readonly #manifests = new ManifestCache();
  /** What is said about each plugin: failures, warnings, its log. */
  readonly reports: PluginReports;

  constructor(options: LifecycleOptions) {
    this.#options = options;
    this.records = options.records;
    this.timeoutMs = options.timeoutMs;
    this.bus = options.bus;
    this.listeners = options.listeners;
    this.reports = new PluginReports({ ...options, where: () => this.where });
    this.probations = new Probations({
      clock: options.clock,
      timeoutMs: options.timeoutMs,
      failed: options.onProbationFailure,
    });
  }

  /** `trial` replaced `old`: on probation the previous code is kept ready, else let go. */
  swapped(record: PluginRecord, old: Generation, trial: Generation): Promise<void> {
    const windowMs = trial.candidate.probation ?? this.#options.probationMs;
    return this.probations.swapped(record, old, trial, windowMs);
  }

  get root(): string {
    return this.#options.root();
  }

  /** What paths are relative to now. */
  get where(): PathContext {
    return { root: this.root, cwd: this.#options.cwd };
  }

  /** What a generation of `candidate` starts with: its own dependencies, whatever runs now. */
  startOptions(
    record: PluginRecord,
    candidate: Candidate,
    number: number,
    state: unknown,
  ): StartOptions {
    const { dependsOn } = candidate;
    return {
      number,
      state,
      deps: this.records.depsOf({ dependsOn }),
      // Only for names in dependsOn: the generation's ctx refuses the others.
      whenRunning: (name, options) => this.whenRunning(name, options),
      log: this.reports.log(record.name),
      timeoutMs: this.timeoutMs,
      onCrash: (error) => this.#options.onCrash(record.name, error),
      onLeftovers: (report) => this.reports.leftovers(report),
      serve: record.listener?.abilities,
    };
  }

  /** Resolves with `name`'s live handle once a generation of it serves. */
  whenRunning(name: string, options?: WhenRunningOptions): Promise<object> {
    return whenRunning(
      this.bus,
      () => this.records.get(name),
      name,
      this.records.handle(name),
      options,
    );
  }

  /** Starts the record's pending candidate, or leaves it waiting for its dependencies. */
  async startPending(record: PluginRecord, started: number): Promise<boolean> {
    const candidate = record.pending;
    if (!candidate) return false;
    const missing = this.records.missingDeps(candidate);
    if (missing.length > 0) {
      transition(record, "wait");
      this.reports.fail(record, errors.waitingFor(record.name, candidate.dir, missing));
      return false;
    }
    let generation: Generation;
    try {
      generation = await candidate.start(
        this.startOptions(record, candidate, record.generation + 1, record.savedState),
      );
    } catch (error) {
      this.reports.fail(record, error);
      return false;
    }
    this.serving(record, generation);
    this.bus.emit("plugin:started", {
      plugin: record.name,
      version: candidate.version,
      generation: generation.number,
      durationMs: performance.now() - started,
      isolation: candidate.isolation,
    });
    await this.#wakeDependents(record.name);
    return true;
  }

  /** `generation` serves now: calls through handles and its listener's requests reach it. */
  serving(record: PluginRecord, generation: Generation): void {
    markRunning(record, generation);
    this.listeners.serve(record, generation);
  }

  /**
   * Stops the serving generation for good (unload, a crash, a dependency gone), keeping what
   * its stop() returned for the next start; its requests in flight end first.
   */
  async stop(record: PluginRecord): Promise<void> {
    const generation = record.current;
    if (!generation) return;
    transition(record, "stop");
    record.current = undefined;
    this.listeners.unavailable(record);
    await this.listeners.drain(record, generation);
    try {
      record.savedState = await generation.stop(this.timeoutMs);
    } catch (error) {
      record.savedState = undefined;
      this.reports.fail(record, error);
    }
    transition(record, "stopped");
  }

  /** A dependency stopped serving: its running dependents stop and wait for it. */
  async suspendDependents(
    name: string,
    dependents = dependentsOf(this.records.all(), name),
  ): Promise<void> {
    for (const dependent of [...dependents].reverse()) {
      const record = this.records.get(dependent);
      if (!record?.current) continue;
      record.pending = record.current.candidate;
      await this.stop(record);
      transition(record, "wait");
      this.reports.fail(record, errors.dependencyStopped(dependent, name));
    }
  }

  /** Stops and forgets a plugin; running dependents go back to waiting for it. */
  async unload(name: string, reason: UnloadReason): Promise<void> {
    const record = this.records.get(name);
    if (!record) return;
    // Forgotten first: a concurrent unload of the same plugin (its old and new folder after
    // a rename, say) then finds nothing to do.
    const dependents = dependentsOf(this.records.all(), name);
    this.records.delete(name);
    await this.suspendDependents(name, dependents);
    const wasRunning = record.current !== undefined;
    const candidate = record.current?.candidate ?? record.pending;
    await this.stop(record);
    await this.listeners.close(record);
    await this.probations.forget(name);
    await candidate?.dispose();
    await this.#options.release(candidate?.isolation, record.files);
    // At shutdown only what ran is reported unloaded; a deleted or disabled plugin always is.
    if (wasRunning || reason !== "shutdown")
      this.bus.emit("plugin:unloaded", { plugin: name, reason });
  }

  /**
   * A running plugin threw outside any hook (a timer, an unhandled rejection, its worker
   * died): it is stopped and marked failed so it cannot keep half-working; the others keep
   * running. A save retries it.
   */
  async failRunning(name: string, cause: unknown): Promise<"rolled back" | "failed" | "none"> {
    const record = this.records.get(name);
    if (!record?.current) return "none";
    if (this.probations.onTrial(name, record.current)) {
      // On probation: the last good code takes over, with the failing generation's state.
      const error =
        cause instanceof ReloadError && cause.phase === "probation"
          ? cause
          : this.probations.failure(name, `an uncaught error: ${messageOf(cause)}`, cause);
      const lastGood = this.probations.take(name);
      if (error && lastGood) {
        return (await probationRollback(this, record, lastGood, error)) ? "rolled back" : "failed";
      }
    }
    await this.suspendDependents(name);
    const candidate = record.current.candidate;
    await this.stop(record);
    await candidate.dispose();
    this.reports.fail(record, errors.uncaught(name, cause));
    return "failed";
  }

  async health(name: string): Promise<HealthResult> {
    const record = this.records.get(name);
    const generation = record?.current;
    if (!generation) return { ok: false, message: `${name} is ${record?.state ?? "not loaded"}` };
    try {
      return await generation.health(this.timeoutMs);
    } catch (error) {
      return { ok: false, message: messageOf(error) };
    }
  }

  /** Phase 1; a failure is reported unless the file is still being written ("settling"). */
  async readManifest(
    dir: string,
    record?: PluginRecord,
  ): Promise<LoadedManifest | "settling" | undefined> {
    try {
      return await this.#manifests.get(dir, () => prepareManifest(dir, this.#options.cwd));
    } catch (error) {
      const read = manifestOnly(dir);
      if (stillSettling([read.manifestFile])) return "settling";
      const failed = record ?? this.records.ensure(basename(dir), dir);
      noteSources(failed, read);
      this.reports.fail(failed, error);
      return undefined;
    }
  }

  /**
   * A failure in phases 1-3. While the files it read were still being written (an editor's
   * truncate-then-write, a tool's half-copied file) it is not believed yet: the caller retries
   * once they are quiet. Otherwise the record fails with it.
   */
  settleOrFail(record: PluginRecord, read: SourceState, error: unknown): SyncOutcome {
    if (stillSettling([read.manifestFile, ...read.graph.files])) {
      return { kind: "settling", name: record.name };
    }
    this.reports.fail(record, error);
    return { kind: "failed", name: record.name };
  }

  async #wakeDependents(name: string): Promise<void> {
    for (const dependent of dependentsOf(this.records.all(), name)) {
      const record = this.records.get(dependent);
      if (record?.state !== "waiting") continue;
      transition(record, "load");
      await this.startPending(record, performance.now());
    }
  }
}
