import { realpathQuietly } from "../fs/stat-quietly.ts";
import type { PluginRecord } from "../plugin/plugin-record.ts";
import type { Runtime } from "../runtime/runtime.ts";
import type { Clock } from "../schedule/clock.ts";
import { DeadlineQueue } from "../schedule/deadline-queue.ts";
import type { WatchMode } from "../watch/file-watcher.ts";

/**
 * How long a package must be quiet before its importers reload, when its watcher is native.
 * Measured here on hono (1,000 files), its watcher's events during the install: `bun add` swaps
 * the whole folder in (events 25-46 ms apart at most, while the old folder goes and the new one
 * is linked), `npm install` renames the old folder away and extracts the new one over a second
 * (gaps of 40-65 ms at most, the rest under 11 ms). 300 ms is about five times the longest.
 */
export const INSTALL_QUIET_MS = 300;

/** A polling watcher sees an install only at its polls: quiet means two polls without news. */
export const installQuietMs = (mode: WatchMode, pollInterval: number): number =>
  mode === "poll" ? Math.max(INSTALL_QUIET_MS, 2 * pollInterval) : INSTALL_QUIET_MS;

/** However long an install writes, its importers reload within this (a postinstall build). */
const INSTALL_MAX_WAIT_MS = 30_000;

export interface InstallReloadsOptions {
  readonly clock: Clock;
  readonly runtime: Runtime;
  readonly pollInterval: number;
  /** The plugins' records: the packages their graphs hold. */
  readonly plugins: { byDir(dir: string): Pick<PluginRecord, "read" | "source"> | undefined };
  /** `dir`'s plugin reloads now: the packages changed (their paths), their modules evicted. */
  readonly reload: (dir: string, packages: readonly string[]) => void;
}

/**
 * Changes under installed packages, held per importing plugin until the install has gone quiet:
 * one reload per plugin per install, however many files it wrote. Before the reload, the
 * packages' modules leave the module cache (every key under the real root the plugin's graph
 * recorded, and under the one the path leads to now), so the new version is what runs.
 */
export class InstallReloads {
  readonly #options: InstallReloadsOptions;
  readonly #queue: DeadlineQueue<string>;
  /** Plugin folder -> the package paths that changed for it since its last reload. */
  readonly #pending = new Map<string, Set<string>>();
  /** Reloads being handed over: their eviction waits for the module lock. */
  #handing: Promise<void> = Promise.resolve();
  #drainWaiters: (() => void)[] = [];
  #closed = false;

  constructor(options: InstallReloadsOptions) {
    this.#options = options;
    this.#queue = new DeadlineQueue<string>({
      debounce: INSTALL_QUIET_MS,
      maxWait: INSTALL_MAX_WAIT_MS,
      clock: options.clock,
      onDue: (dirs) => this.#due(dirs),
    });
  }

  /** Something under the package at `path` changed, as a watcher in `mode` saw it. */
  changed(importers: Iterable<string>, path: string, mode: WatchMode): void {
    const quiet = installQuietMs(mode, this.#options.pollInterval);
    for (const dir of importers) {
      const pending = this.#pending.get(dir) ?? new Set<string>();
      this.#pending.set(dir, pending.add(path));
      this.#queue.schedule(dir, quiet);
    }
  }

  /** Resolves once no plugin waits for an install to be quiet, and its reload was asked for. */
  async drained(): Promise<void> {
    while (this.#queue.size > 0) await new Promise<void>((done) => this.#drainWaiters.push(done));
    await this.#handing;
  }

  /** Drops what waits; nothing is reloaded after this. */
  close(): void {
    this.#closed = true;
    this.#queue.close();
    this.#pending.clear();
    for (const done of this.#drainWaiters.splice(0)) done();
  }

  #due(dirs: string[]): void {
    for (const dir of dirs) {
      const packages = [...(this.#pending.get(dir) ?? [])];
      this.#pending.delete(dir);
      const reals = this.#realRoots(dir, packages);
      const { runtime } = this.#options;
      // Under the module lock: never while an import is in flight.
      const evicted = runtime.moduleLock.run(async () => runtime.evictUnder(reals));
      const reload = () => {
        if (!this.#closed) this.#options.reload(dir, packages);
      };
      // Reloaded even if the eviction failed: the import then says what it could not load.
      this.#handing = Promise.all([this.#handing, evicted]).then(reload, reload);
    }
    for (const done of this.#drainWaiters.splice(0)) done();
  }

  #realRoots(dir: string, packages: readonly string[]): string[] {
    const record = this.#options.plugins.byDir(dir);
    const reals = new Set<string>();
    for (const state of [record?.read, record?.source]) {
      for (const pkg of state?.graph.packages ?? []) {
        if (packages.includes(pkg.path)) reals.add(pkg.real);
      }
    }
    for (const path of packages) {
      const real = realpathQuietly(path);
      if (real !== undefined) reals.add(real);
    }
    return [...reals];
  }
}
