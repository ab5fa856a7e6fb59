import type { Backend } from "./backend.ts";
import type { FileWatcher, WatchMode, WatchOptions } from "./file-watcher.ts";
import { NativeWatcher } from "./native-watcher.ts";
import { PollWatcher } from "./poll-watcher.ts";
import { watchForReturn } from "./root-return.ts";
import { toWatchError, type WatchError } from "./watch-error.ts";
import { defaultWatch, type WatchFunction } from "./watch-function.ts";
import { type ResolvedWatchOptions, resolveWatchOptions } from "./watch-options.ts";
import type { TreeState } from "./watched-tree.ts";

export interface CreateWatcherDeps {
  /** Replaces `fs.watch`, so tests can make the native backend fail. */
  watch?: WatchFunction;
  /** Defaults to `process.env`; read for HOTPLUG_POLL=1. */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Native first; polling when fs.watch cannot serve (errors, exhausted watches, forced, or the
 * root gone); back to native when the root returns. Each switch hands the old backend's
 * tree to the new one, so changes made during the switch are still reported.
 */
class AutoWatcher implements FileWatcher {
  readonly #options: ResolvedWatchOptions;
  readonly #deps: CreateWatcherDeps;
  #state: "idle" | "watching" | "closed" = "idle";
  #mode: WatchMode;
  #backend: Backend | undefined;
  /** Polling only until the root returns; other reasons keep polling for good. */
  #waitingForRoot = false;
  /** Closes the watch on the folder above a missing root (see watchForReturn). */
  #stopWaiting: () => void = () => {};
  #switching: Promise<void> = Promise.resolve();

  constructor(options: WatchOptions, deps: CreateWatcherDeps) {
    this.#options = resolveWatchOptions(options);
    this.#deps = deps;
    this.#mode = this.#forcedReason() ? "poll" : "native";
  }

  get mode(): WatchMode {
    return this.#mode;
  }

  #forcedReason(): string | undefined {
    if (this.#options.forcePoll) return "forced by --poll";
    const env = this.#deps.env ?? process.env;
    return env.HOTPLUG_POLL === "1" ? "HOTPLUG_POLL=1" : undefined;
  }

  async watch(): Promise<void> {
    if (this.#state === "closed") throw new TypeError("Cannot watch: the watcher is closed");
    if (this.#state === "watching") return this.#switching;
    this.#state = "watching";
    this.#switching = this.#start();
    return this.#switching;
  }

  async #start(): Promise<void> {
    const forced = this.#forcedReason();
    if (forced) return this.#poll(forced, false, undefined);
    try {
      await this.#native(undefined);
    } catch (error) {
      const failure = toWatchError(error);
      await this.#poll(failure.message, failure.rootGone, undefined);
    }
  }

  async #native(seed: TreeState | undefined): Promise<void> {
    const backend: NativeWatcher = new NativeWatcher(this.#options, {
      seed,
      ...(this.#deps.watch ? { watch: this.#deps.watch } : {}),
      onFailure: (error) => this.#enqueue(() => this.#fallBack(backend, error)),
    });
    this.#backend = backend;
    this.#mode = "native";
    await backend.watch();
    if (this.#state === "closed") await backend.close();
  }

  async #poll(reason: string, waitForRoot: boolean, seed: TreeState | undefined): Promise<void> {
    this.#options.onFallback({ from: "native", to: "poll", reason });
    this.#waitingForRoot = waitForRoot;
    const returned = () => {
      if (this.#waitingForRoot && this.#backend === backend) {
        this.#waitingForRoot = false;
        this.#stopWaiting();
        this.#enqueue(() => this.#rearm(backend));
      }
    };
    // Armed before the poller's first walk: a root back before it is found by that walk.
    this.#stopWaiting();
    if (waitForRoot && !this.#forcedReason()) {
      this.#stopWaiting = watchForReturn(
        this.#options.root,
        this.#deps.watch ?? defaultWatch,
        returned,
      );
    }
    const backend: PollWatcher = new PollWatcher(this.#options, {
      seed,
      onRootPresence: (present) => {
        if (present) returned();
      },
    });
    this.#backend = backend;
    this.#mode = "poll";
    await backend.watch();
    if (this.#state === "closed") await backend.close();
  }

  #enqueue(step: () => Promise<void>): void {
    this.#switching = this.#switching
      .then(() => (this.#state === "watching" ? step() : undefined))
      .catch((error: unknown) => this.#options.onError(toWatchError(error)));
  }

  async #fallBack(failed: Backend, error: WatchError): Promise<void> {
    if (this.#backend !== failed) return;
    await this.#poll(error.message, error.rootGone, failed.state());
  }

  async #rearm(poll: PollWatcher): Promise<void> {
    if (this.#backend !== poll) return;
    await poll.close();
    const seed = poll.state();
    try {
      await this.#native(seed);
      this.#options.onFallback({ from: "poll", to: "native", reason: "root restored" });
    } catch (error) {
      const failure = toWatchError(error);
      await this.#poll(failure.message, failure.rootGone, seed);
    }
  }

  isWatching(): boolean {
    return this.#state === "watching";
  }

  async close(): Promise<void> {
    this.#state = "closed";
    this.#stopWaiting();
    await this.#backend?.close();
    await this.#switching.catch(() => {});
    await this.#backend?.close();
  }

  stop(): Promise<void> {
    return this.close();
  }
}

export function createFileWatcher(
  options: WatchOptions,
  deps: CreateWatcherDeps = {},
): FileWatcher {
  return new AutoWatcher(options, deps);
}
