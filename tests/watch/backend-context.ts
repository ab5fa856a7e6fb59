import { afterEach, beforeEach } from "bun:test";
import type { BackendHooks } from "../../src/watch/backend.ts";
import type { FileWatcher, WatchOptions } from "../../src/watch/file-watcher.ts";
import { NativeWatcher } from "../../src/watch/native-watcher.ts";
import { PollWatcher } from "../../src/watch/poll-watcher.ts";
import { Collector } from "./collect.ts";
import { makeTempRoot, removeTempRoot } from "./temp-root.ts";

export type Backend = "native" | "poll";

export const TEST_POLL_INTERVAL = 25;

export function startBackend(
  backend: Backend,
  options: Omit<WatchOptions, "onEvent"> & { collector: Collector },
  hooks: BackendHooks = {},
): FileWatcher {
  const { collector, ...rest } = options;
  const full: WatchOptions = {
    pollInterval: TEST_POLL_INTERVAL,
    ...rest,
    onEvent: collector.onEvent,
    onError: collector.onError,
    onRootChange: collector.onRootChange,
  };
  return backend === "native" ? new NativeWatcher(full, hooks) : new PollWatcher(full, hooks);
}

export const sorted = (list: string[]) => [...list].sort();

export interface SuiteContext {
  /** A fresh temp folder per test. */
  readonly root: string;
  readonly log: Collector;
  /** Starts the backend on `root` (or `extra.root`); closed after the test. */
  start(extra?: Partial<WatchOptions>, hooks?: BackendHooks): Promise<FileWatcher>;
  /** Keeps a watcher started some other way, to close it after the test. */
  keep(watcher: FileWatcher): void;
}

/** Registers the per-test temp root and watcher clean-up in the enclosing describe(). */
export function useBackend(backend: Backend): SuiteContext {
  let root = "";
  let log: Collector | undefined;
  const watchers: FileWatcher[] = [];
  beforeEach(() => {
    root = makeTempRoot();
    log = new Collector(root);
  });
  afterEach(async () => {
    for (const watcher of watchers.splice(0)) await watcher.close();
    removeTempRoot(root);
  });
  const context: SuiteContext = {
    get root() {
      return root;
    },
    get log() {
      return log as Collector;
    },
    async start(extra = {}, hooks = {}) {
      const watcher = startBackend(backend, { root, collector: context.log, ...extra }, hooks);
      watchers.push(watcher);
      await watcher.watch();
      return watcher;
    },
    keep(watcher) {
      watchers.push(watcher);
    },
  };
  return context;
}
