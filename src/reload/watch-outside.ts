import { dirname, join, sep } from "node:path";
import { shownPath } from "../errors/shown-path.ts";
import { isInstalled } from "../plugin/loader/installed-package.ts";
import type { PluginManager } from "../plugin/plugin-manager.ts";
import type { PluginRecord } from "../plugin/plugin-record.ts";
import { type CreateWatcherDeps, createFileWatcher } from "../watch/create-watcher.ts";
import type { FileEvent } from "../watch/file-event.ts";
import type { FallbackInfo, FileWatcher, WatchMode } from "../watch/file-watcher.ts";
import type { HotReloadOptions } from "./hot-reload-options.ts";
import { InstallReloads } from "./install-reloads.ts";
import { MovedPackages } from "./moved-packages.ts";
import type { ReloadJobs } from "./reload-jobs.ts";

/** What the outside watch reads of a plugin: the files and packages its graphs reach. */
export type GraphHolder = Pick<PluginRecord, "name" | "dir" | "files" | "read" | "source">;

export interface GraphSource {
  records(): readonly GraphHolder[];
  byDir(dir: string): GraphHolder | undefined;
  /** The plugins folder's real path: its own watcher sees what lies under it. */
  readonly realDir: string;
}

export interface OutsideHandlers {
  /** A file in a watched outside folder changed; its owners are found as for the plugins folder. */
  onEvent(event: FileEvent, mode: WatchMode): void;
  /** These plugins read files before their folder was watched: compare them with the disk. */
  onArmed(dirs: readonly string[]): void;
  /** An installed package that `dir`'s plugin imports changed and the install is quiet. */
  onInstalled(dir: string, packages: readonly string[]): void;
}

export type OutsideOptions = Pick<
  HotReloadOptions,
  "poll" | "pollInterval" | "cwd" | "logger" | "clock" | "runtime"
>;

/** One watched place: an outside folder (its own files) or an installed package (all of it). */
interface Watched {
  readonly watcher: FileWatcher;
  /** The graph files in the folder: checked on every poll. Empty for a package. */
  hot: ReadonlySet<string>;
  /** The plugins that import it. */
  importers: ReadonlySet<string>;
}

interface Wanted {
  readonly files: Set<string>;
  readonly importers: Set<string>;
}

const add = (map: Map<string, Wanted>, key: string, importer: string, file?: string) => {
  let wanted = map.get(key);
  if (!wanted) {
    wanted = { files: new Set(), importers: new Set() };
    map.set(key, wanted);
  }
  wanted.importers.add(importer);
  if (file !== undefined) wanted.files.add(file);
};

/**
 * Watches what the plugins' graphs reach outside the plugins folder, with the plugins folder's
 * rules (native events as hints, polling where native watching fails or `--poll` asks):
 * - each folder holding graph files (a workspace package's `libs/shared`, a tsconfig alias's
 *   `lib`), once, without recursion, however many plugins import from it;
 * - each installed package a plugin imports, at its root (where the importer reaches it, a
 *   link in isolated installs), with all its files: an install rewrites or swaps the whole
 *   folder, and its importers reload once it has gone quiet (InstallReloads).
 * Folders and packages no graph reaches any more are no longer watched.
 */
export class OutsideWatch {
  readonly #options: OutsideOptions;
  readonly #plugins: GraphSource;
  readonly #handlers: OutsideHandlers;
  readonly #deps: CreateWatcherDeps;
  readonly #folders = new Map<string, Watched>();
  readonly #packages = new Map<string, Watched>();
  readonly #installs: InstallReloads;
  readonly #moved: MovedPackages;
  /** What the last update saw of each record: an unchanged set of records changes nothing. */
  #seen: unknown[] = [];
  #updating: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(
    options: OutsideOptions,
    plugins: GraphSource,
    handlers: OutsideHandlers,
    deps: CreateWatcherDeps = {},
  ) {
    this.#options = options;
    this.#plugins = plugins;
    this.#handlers = handlers;
    this.#deps = deps;
    this.#moved = new MovedPackages(options.logger, options.cwd);
    this.#installs = new InstallReloads({
      clock: options.clock,
      runtime: options.runtime,
      pollInterval: options.pollInterval,
      plugins,
      reload: (dir, packages) => handlers.onInstalled(dir, packages),
    });
  }

  /** The outside folders watched now, and the installed packages, by path. */
  get watched(): { folders: string[]; packages: string[] } {
    return { folders: [...this.#folders.keys()], packages: [...this.#packages.keys()] };
  }

  /** The watcher of an outside folder or package (tests, metrics). */
  watcherOf(path: string): FileWatcher | undefined {
    return (this.#folders.get(path) ?? this.#packages.get(path))?.watcher;
  }

  /**
   * Watches what the plugins' graphs reach now, and stops watching what they no longer reach.
   * Cheap when no record's files changed since the last call (the host calls it after every
   * job). Resolves once new watchers are armed.
   */
  update(): Promise<void> {
    // Never rejects: a failed update must not stop the next one (the host does not await it).
    this.#updating = this.#updating
      .then(() => this.#apply())
      .catch((error: unknown) => this.#options.logger.warn("watcher: outside folders:", error));
    return this.#updating;
  }

  /** Resolves once no install is waiting to be quiet. */
  idle(): Promise<void> {
    return this.#installs.drained();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#installs.close();
    await this.#updating;
    const all = [...this.#folders.values(), ...this.#packages.values()];
    this.#folders.clear();
    this.#packages.clear();
    await Promise.all(all.map((watched) => watched.watcher.close()));
  }

  async #apply(): Promise<void> {
    if (this.#closed) return;
    const records = this.#plugins.records();
    const seen = [this.#plugins.realDir, ...records.flatMap((r) => [r.files, r.read, r.source])];
    if (seen.length === this.#seen.length && seen.every((item, i) => item === this.#seen[i])) {
      return;
    }
    this.#seen = seen;
    this.#moved.check(records);
    const { folders, packages } = this.#wanted(records);
    const armed = await Promise.all([
      this.#sync(this.#folders, folders, false),
      this.#sync(this.#packages, packages, true),
    ]);
    const late = new Set(armed.flat());
    if (late.size > 0 && !this.#closed) this.#handlers.onArmed([...late]);
  }

  /** The outside folders (with their graph files) and the packages the records reach. */
  #wanted(records: readonly GraphHolder[]) {
    const inside = join(this.#plugins.realDir, sep);
    const folders = new Map<string, Wanted>();
    const packages = new Map<string, Wanted>();
    for (const record of records) {
      for (const file of record.files) {
        if (!file.startsWith(inside) && !isInstalled(file)) {
          add(folders, dirname(file), record.dir, file);
        }
      }
      for (const state of [record.read, record.source]) {
        for (const pkg of state?.graph.packages ?? []) add(packages, pkg.path, record.dir);
      }
    }
    return { folders, packages };
  }

  /** Brings `current` in line with `wanted`; returns the importers of what it newly watched. */
  async #sync(
    current: Map<string, Watched>,
    wanted: ReadonlyMap<string, Wanted>,
    isPackage: boolean,
  ): Promise<string[]> {
    const gone = [...current].filter(([path]) => !wanted.has(path));
    for (const [path] of gone) current.delete(path);
    const fresh: [string, Watched][] = [];
    for (const [path, { files, importers }] of wanted) {
      const known = current.get(path);
      if (known) {
        known.hot = files;
        known.importers = importers;
        continue;
      }
      const watched: Watched = {
        watcher: this.#watch(path, isPackage, () => watched),
        hot: files,
        importers,
      };
      current.set(path, watched);
      fresh.push([path, watched]);
    }
    await Promise.all([
      ...gone.map(([, watched]) => watched.watcher.close()),
      ...fresh.map(([, watched]) => watched.watcher.watch()),
    ]);
    return fresh.flatMap(([, watched]) => [...watched.importers]);
  }

  #watch(root: string, isPackage: boolean, self: () => Watched): FileWatcher {
    const { logger } = this.#options;
    const shown = shownPath(root, this.#options.cwd);
    const installed = () => {
      const { watcher, importers } = self();
      this.#installs.changed(importers, root, watcher.mode);
    };
    return createFileWatcher(
      {
        root,
        recursive: isPackage,
        pollInterval: this.#options.pollInterval,
        forcePoll: this.#options.poll,
        onEvent: (event) => {
          if (isPackage) installed();
          else this.#handlers.onEvent(event, self().watcher.mode);
        },
        onFallback: (info: FallbackInfo) => {
          // Every install swaps a package's folder: its watcher's comings and goings are routine.
          const say = isPackage ? logger.debug : logger.warn;
          say.call(logger, `watcher: ${shown}: ${info.from} -> ${info.to}: ${info.reason}`);
        },
        onError: (error) => logger.warn(`watcher: ${shown}: ${error.message}`),
        // An install re-points a package's link to the new version's folder; a folder's graph
        // files are checked on every poll.
        ...(isPackage ? { onRootChange: installed } : { hotPaths: () => self().hot }),
      },
      this.#deps,
    );
  }
}

/**
 * The host's outside watch: its events go where the plugins folder's go (`onEvent`), installs
 * reload their importers, and files read before their folder was watched are compared with the
 * disk once it is.
 */
export function watchOutside(
  options: OutsideOptions,
  manager: PluginManager,
  jobs: ReloadJobs,
  onEvent: OutsideHandlers["onEvent"],
): OutsideWatch {
  return new OutsideWatch(options, manager, {
    onEvent,
    onArmed(dirs) {
      for (const dir of dirs) {
        const changed = manager.changedSinceRead(dir);
        if (changed.length > 0) jobs.changed(dir, changed);
      }
    },
    onInstalled: (dir, packages) => jobs.installed(dir, packages),
  });
}
