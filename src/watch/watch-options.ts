import { resolve } from "node:path";
import type { FileEvent } from "./file-event.ts";
import type { FallbackInfo, RootChange, WatchOptions } from "./file-watcher.ts";
import type { ScanProgress } from "./scan-progress.ts";
import type { WatchError } from "./watch-error.ts";

export const DEFAULT_POLL_INTERVAL = 250;

export interface ResolvedWatchOptions {
  readonly root: string;
  readonly recursive: boolean;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly pollInterval: number;
  readonly forcePoll: boolean;
  readonly onEvent: (event: FileEvent) => void;
  readonly onFallback: (info: FallbackInfo) => void;
  readonly onError: (error: Error) => void;
  readonly onUndecodable: (error: WatchError) => void;
  readonly onRootChange: (change: RootChange) => void;
  readonly onProgress: ((progress: ScanProgress) => void) | undefined;
  readonly hotPaths: (() => Iterable<string>) | undefined;
}

function noop(): void {}

/** Defaults every option once, so the backends never test for `undefined` again. */
export function resolveWatchOptions(options: WatchOptions): Readonly<ResolvedWatchOptions> {
  if (typeof options.root !== "string" || options.root === "") {
    throw new TypeError("Cannot watch: root must be a non-empty path");
  }
  if (typeof options.onEvent !== "function") {
    throw new TypeError("Cannot watch: onEvent must be a function");
  }
  const pollInterval = options.pollInterval ?? DEFAULT_POLL_INTERVAL;
  if (!Number.isFinite(pollInterval) || pollInterval <= 0) {
    throw new RangeError(
      `Cannot watch: pollInterval must be a positive number, got ${pollInterval}`,
    );
  }
  const onError = options.onError?.bind(options) ?? noop;
  return Object.freeze({
    root: resolve(options.root),
    recursive: options.recursive !== false,
    include: Object.freeze([...(options.include ?? [])]),
    exclude: Object.freeze([...(options.exclude ?? [])]),
    pollInterval,
    forcePoll: options.forcePoll === true,
    onEvent: options.onEvent.bind(options),
    onFallback: options.onFallback?.bind(options) ?? noop,
    onError,
    onUndecodable: options.onUndecodable?.bind(options) ?? onError,
    onRootChange: options.onRootChange?.bind(options) ?? noop,
    onProgress: options.onProgress?.bind(options),
    hotPaths: options.hotPaths?.bind(options),
  });
}
