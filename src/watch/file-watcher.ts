import type { FileEvent } from "./file-event.ts";

export type WatchMode = "native" | "poll";

export interface FallbackInfo {
  from: WatchMode;
  to: WatchMode;
  reason: string;
}

export interface WatchOptions {
  /** The folder to watch, recursively. */
  root: string;
  /** Globs a file must match to be reported; empty or absent means every file. */
  include?: readonly string[];
  /** Globs added to DEFAULT_EXCLUDES. */
  exclude?: readonly string[];
  /** Milliseconds between scans in poll mode; default 250. */
  pollInterval?: number;
  /** Poll from the start (the CLI's --poll). */
  forcePoll?: boolean;
  onEvent(event: FileEvent): void;
  onFallback?(info: FallbackInfo): void;
  onError?(error: Error): void;
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
