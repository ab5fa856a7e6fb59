import { type Backend, type BackendHooks, deliver } from "./backend.ts";
import type { WatchOptions } from "./file-watcher.ts";
import { createPathRules, type PathRules } from "./glob.ts";
import { diffSnapshots, readTree, type Snapshot } from "./snapshot.ts";
import { type ResolvedWatchOptions, resolveWatchOptions } from "./watch-options.ts";

/**
 * hotplug's own stat walker: snapshot the tree, diff it with the previous one each interval.
 * Works where fs.watch does not (network mounts, containers, exhausted inotify watches), and
 * a missing root is simply an empty tree until it comes back.
 */
export class PollWatcher implements Backend {
  readonly mode = "poll";
  readonly #options: ResolvedWatchOptions;
  readonly #hooks: BackendHooks;
  readonly #rules: PathRules;
  #state: "idle" | "watching" | "closed" = "idle";
  #snapshot: Snapshot | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #scanning: Promise<void> = Promise.resolve();

  constructor(options: WatchOptions, hooks: BackendHooks = {}) {
    this.#options = resolveWatchOptions(options);
    this.#hooks = hooks;
    this.#rules = createPathRules(this.#options);
    this.#snapshot = hooks.seed && new Map(hooks.seed);
  }

  async watch(): Promise<void> {
    if (this.#state === "closed") throw new TypeError("Cannot watch: the watcher is closed");
    if (this.#state === "watching") return;
    this.#state = "watching";
    this.#scanning = this.#scan();
    await this.#scanning;
  }

  async #scan(): Promise<void> {
    try {
      const next = await readTree(this.#options.root, this.#rules);
      if (this.#state !== "watching") return;
      const tree = next ?? new Map();
      // Without a seed the first scan is the baseline: files already there are not news.
      if (this.#snapshot) {
        const changes = diffSnapshots(this.#snapshot, tree, true);
        deliver(this.#options, changes, () => this.#state === "watching");
      }
      this.#snapshot = tree;
      this.#hooks.onRootPresence?.(next !== undefined);
    } catch (error) {
      this.#options.onError(error instanceof Error ? error : new Error(String(error)));
    }
    // setTimeout after each scan, not setInterval: a slow scan never overlaps the next one.
    if (this.#state === "watching") {
      this.#timer = setTimeout(() => {
        this.#scanning = this.#scan();
      }, this.#options.pollInterval);
    }
  }

  snapshot(): Snapshot {
    return new Map(this.#snapshot);
  }

  isWatching(): boolean {
    return this.#state === "watching";
  }

  async close(): Promise<void> {
    this.#state = "closed";
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#scanning;
  }

  stop(): Promise<void> {
    return this.close();
  }
}
