import type { FileEvent } from "./file-event.ts";
import type { ScanProgress } from "./scan-progress.ts";
import type { WatchError } from "./watch-error.ts";

export type WatchMode = "native" | "poll";

export interface FallbackInfo {
  from: WatchMode;
  to: WatchMode;
  reason: string;
}

/** The root's real path before and after a link on the way to it was re-pointed. */
export interface RootChange {
  from: string;
  to: string;
}

export interface WatchOptions {
  /**
   * The folder to watch, recursively. It may be a symlink or lie under one (a
   * `current -> releases/N` deploy): events name real paths under its current real path.
   */
  root: string;
  /**
   * Whether the folders under the root are watched too (the default). False watches the root's
   * own entries only: one folder that holds files a plugin imports from outside its folder.
   */
  recursive?: boolean;
  /** Globs a file must match to be reported; empty or absent means every file. */
  include?: readonly string[];
  /** Globs added to DEFAULT_EXCLUDES. */
  exclude?: readonly string[];
  /**
   * Poll mode: milliseconds between polls; default 250. Each poll lists again every folder
   * whose stat moved (so files created, deleted or renamed anywhere, atomic saves included, are
   * seen within one interval), checks the hot files (`hotPaths` and the 512 files that changed
   * last), and the next slice of all other files: a file that is not hot and is edited in place
   * is seen within one cold cycle, max(4 x pollInterval, the time that keeps those checks at 5%
   * of a core): 1 s for 10,000 files here, about 4 s for 100,000 (see PollPlan).
   */
  pollInterval?: number;
  /** Poll from the start (the CLI's --poll). */
  forcePoll?: boolean;
  onEvent(event: FileEvent): void;
  onFallback?(info: FallbackInfo): void;
  onError?(error: Error): void;
  /**
   * A name under the root that is not valid UTF-8, so no path can reach it (a WatchError with
   * code WATCH_NAME_NOT_UTF8 and the name's `path`): once per name, when a listing first finds
   * it. Without it, the error goes to onError.
   */
  onUndecodable?(error: WatchError): void;
  /**
   * After the root's real path changed (a link on the way to it was re-pointed): the watcher
   * already watches the new tree, from a fresh baseline (no events for what the swap changed),
   * so the host should compare what it runs with the new tree. Changes after this call are
   * reported.
   */
  onRootChange?(change: RootChange): void;
  /** A first scan longer than a second reports how far it got, each second and when done. */
  onProgress?(progress: ScanProgress): void;
  /**
   * Poll mode: the absolute paths that matter most right now (the plugins' module graphs and
   * manifests), checked on every poll. Called once per poll; return a kept collection.
   */
  hotPaths?(): Iterable<string>;
}

/**
 * The seed's FileWatcher. Debouncing (the seed's setDebounceInterval) belongs to the deadline
 * queue downstream, so a watcher only reports normalized events, in order.
 */
export interface FileWatcher {
  /** The backend in use right now; it changes on fallback and when native is re-armed. */
  readonly mode: WatchMode;
  /** Resolves once the watcher is armed and knows the current tree. */
  watch(): Promise<void>;
  /** Releases every handle and timer; no event is delivered after it resolves. Idempotent. */
  close(): Promise<void>;
  /** The seed's name for close(). */
  stop(): Promise<void>;
  isWatching(): boolean;
}
