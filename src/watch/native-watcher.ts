import { watch as fsWatch } from "node:fs";
import { stat } from "node:fs/promises";
import { join, sep } from "node:path";
import { clearImmediate, setImmediate } from "node:timers";
import { type Backend, type BackendHooks, deliver } from "./backend.ts";
import type { WatchOptions } from "./file-watcher.ts";
import { createPathRules, type PathRules } from "./glob.ts";
import { type Change, diffSnapshots, readTree, type Snapshot, subtree } from "./snapshot.ts";
import { rootMissing, rootRemoved, toWatchError, type WatchError } from "./watch-error.ts";
import { type ResolvedWatchOptions, resolveWatchOptions } from "./watch-options.ts";

export type WatchListener = (event: string, filename: string | null | undefined) => void;

/** The part of node's FSWatcher we use, so tests can inject one that fails. */
export interface WatchHandle {
  on(event: "error", listener: (error: Error) => void): unknown;
  close(): void;
}

export type WatchFunction = (
  root: string,
  options: { recursive: boolean },
  listener: WatchListener,
) => WatchHandle;

export interface NativeWatcherDeps extends BackendHooks {
  /** Defaults to `fs.watch` from node:fs. */
  watch?: WatchFunction;
}

function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

const defaultWatch: WatchFunction = (root, options, listener) =>
  fsWatch(root, options, (event, filename) => listener(event, filename));

/**
 * Recursive fs.watch. Its events are only hints (atomic saves arrive as `rename`, a new folder
 * may or may not list its files): each hinted path is stat'ed and diffed against what this
 * watcher knew, so every path yields at most one created, modified or deleted per batch.
 */
export class NativeWatcher implements Backend {
  readonly mode = "native";
  readonly #options: ResolvedWatchOptions;
  readonly #deps: NativeWatcherDeps;
  readonly #rules: PathRules;
  #state: "idle" | "watching" | "closed" = "idle";
  #handle: WatchHandle | undefined;
  #known: Snapshot = new Map();
  #pending = new Set<string>();
  #rootGone = false;
  #timer: ReturnType<typeof setImmediate> | undefined;
  #busy: Promise<void> = Promise.resolve();

  constructor(options: WatchOptions, deps: NativeWatcherDeps = {}) {
    this.#options = resolveWatchOptions(options);
    this.#deps = deps;
    this.#rules = createPathRules(this.#options);
  }

  async watch(): Promise<void> {
    if (this.#state === "closed") throw new TypeError("Cannot watch: the watcher is closed");
    if (this.#state === "watching") return;
    this.#state = "watching";
    const { root } = this.#options;
    try {
      this.#handle = (this.#deps.watch ?? defaultWatch)(root, { recursive: true }, (ev, name) =>
        this.#onRaw(ev, name),
      );
      this.#handle.on("error", (error) => this.#fail(toWatchError(error)));
    } catch (error) {
      await this.close();
      throw toWatchError(error);
    }
    // Armed before the walk, so nothing changed in between goes unseen; the diff dedupes.
    const seeded = this.#seed();
    this.#busy = seeded.then(() => {});
    if (!(await seeded)) {
      await this.close();
      throw rootMissing();
    }
  }

  async #seed(): Promise<boolean> {
    const tree = await readTree(this.#options.root, this.#rules);
    if (!tree || this.#state === "closed") return tree !== undefined;
    this.#known = tree;
    if (this.#deps.seed) this.#emit(diffSnapshots(this.#deps.seed, tree, false));
    return true;
  }

  #onRaw(event: string, filename: string | null | undefined): void {
    if (this.#state !== "watching") return;
    // Bun reports the root's own deletion as a rename without a file name.
    if (!filename) this.#rootGone ||= event === "rename";
    else if (this.#rules.prunes(filename.split(sep).join("/"))) return;
    else this.#pending.add(join(this.#options.root, filename));
    // setImmediate, not setTimeout(0): a batch closes after this turn's events, without the
    // millisecond runtimes add to a 0 ms timeout.
    this.#timer ??= setImmediate(() => {
      this.#timer = undefined;
      this.#busy = this.#busy
        .then(() => this.#flush())
        .catch((error: unknown) => this.#options.onError(toWatchError(error)));
    });
  }

  async #flush(): Promise<void> {
    const hints = [...this.#pending];
    this.#pending.clear();
    const { root } = this.#options;
    let deleted = false;
    for (const abs of hints) {
      const before = subtree(this.#known, abs);
      const after = (await readTree(root, this.#rules, abs)) ?? new Map();
      if (this.#state !== "watching") return;
      for (const path of before.keys()) this.#known.delete(path);
      for (const [path, st] of after) this.#known.set(path, st);
      const changes = diffSnapshots(before, after, false);
      deleted ||= changes.some((c) => c.type === "deleted");
      this.#emit(changes);
    }
    // A removed root does not always announce itself; a deletion is the cue to check.
    if (this.#rootGone || (deleted && !(await exists(root)))) this.#fail(rootRemoved());
  }

  #emit(changes: Change[]): void {
    deliver(this.#options, changes, () => this.#state !== "closed");
  }

  #fail(error: WatchError): void {
    if (this.#state !== "watching") return;
    void this.close();
    if (this.#deps.onFailure) this.#deps.onFailure(error);
    else this.#options.onError(error);
  }

  snapshot(): Snapshot {
    return new Map(this.#known);
  }

  isWatching(): boolean {
    return this.#state === "watching";
  }

  async close(): Promise<void> {
    if (this.#state !== "closed") {
      this.#state = "closed";
      clearImmediate(this.#timer);
      this.#timer = undefined;
      this.#pending.clear();
      this.#handle?.close();
      this.#handle = undefined;
    }
    await this.#busy;
  }

  stop(): Promise<void> {
    return this.close();
  }
}
