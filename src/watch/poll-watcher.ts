import { toError } from "../errors/hotplug-error.ts";
import { realpathQuietly } from "../fs/stat-quietly.ts";
import {
  type Backend,
  type BackendHooks,
  deliver,
  handOver,
  loadTree,
  reportUndecodable,
} from "./backend.ts";
import type { WatchOptions } from "./file-watcher.ts";
import { createPathRules, type PathRules } from "./glob.ts";
import { PollPlan } from "./poll-plan.ts";
import type { Change } from "./snapshot.ts";
import { type ResolvedWatchOptions, resolveWatchOptions } from "./watch-options.ts";
import { type TreeState, WatchedTree } from "./watched-tree.ts";

/**
 * hotplug's own stat poller. Works where fs.watch does not (network mounts, containers,
 * exhausted inotify watches), and a missing root is simply an empty tree until it comes back.
 * Each poll resolves the root again (a re-pointed `current` link moves it), lists again every
 * folder whose stat moved, and checks the hot files and a slice of the others (PollPlan).
 */
export class PollWatcher implements Backend {
  readonly mode = "poll";
  readonly #options: ResolvedWatchOptions;
  readonly #hooks: BackendHooks;
  readonly #rules: PathRules;
  readonly #plan: PollPlan;
  #state: "idle" | "watching" | "closed" = "idle";
  #tree: WatchedTree | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #polling: Promise<void> = Promise.resolve();
  readonly #isOpen = () => this.#state === "watching";

  constructor(options: WatchOptions, hooks: BackendHooks = {}) {
    this.#options = resolveWatchOptions(options);
    this.#hooks = hooks;
    this.#rules = createPathRules(this.#options);
    this.#plan = new PollPlan(this.#options.pollInterval);
  }

  /** The cold cycle in progress (see PollPlan): how long an in-place edit of a cold file waits. */
  get coldCycleMs(): number {
    return this.#plan.cycleMs;
  }

  async watch(): Promise<void> {
    if (this.#state === "closed") throw new TypeError("Cannot watch: the watcher is closed");
    if (this.#state === "watching") return;
    this.#state = "watching";
    const started = this.#run(() => this.#start(), undefined);
    // close() awaits #polling: it must not reject with what watch() already threw.
    this.#polling = started.then(
      () => {},
      () => {},
    );
    try {
      await started;
    } catch (error) {
      // onError itself threw, so no poll is scheduled: say so through isWatching() too.
      await this.close();
      throw toError(error);
    }
  }

  async #run(step: () => Promise<void> | void, startedAt: number | undefined): Promise<void> {
    try {
      await step();
    } catch (error) {
      this.#options.onError(toError(error));
    }
    if (this.#state !== "watching") return;
    // One poll per interval, counted from the start of this one (the interval is what
    // --poll-interval promises); a timer set after each poll, so a slow one never overlaps
    // the next. A poll that takes longer than the interval (a million files' folders) is
    // followed by as long a rest: polling never takes more than half a core.
    const spent = startedAt === undefined ? 0 : performance.now() - startedAt;
    this.#timer = setTimeout(
      () => {
        const next = performance.now();
        this.#polling = this.#run(() => this.#poll(), next);
      },
      Math.max(this.#options.pollInterval - spent, spent),
    );
  }

  /** Without a seed the first walk is the baseline: files already there are not news. */
  async #start(): Promise<void> {
    const seed = this.#hooks.seed;
    const tree = await this.#load(realpathQuietly(this.#options.root) ?? this.#options.root, seed);
    if (!this.#isOpen()) return;
    handOver(tree, this.#options, seed, true, this.#isOpen);
    this.#hooks.onRootPresence?.(tree.present);
  }

  /** A missing root is a tree with nothing in it (the walk finds no folder), not an error. */
  async #load(root: string, seed: TreeState | undefined): Promise<WatchedTree> {
    const tree = new WatchedTree(root, this.#rules, this.#options.recursive);
    this.#tree = tree;
    await loadTree(tree, this.#options, seed, this.#isOpen);
    return tree;
  }

  async #poll(): Promise<void> {
    let tree = this.#tree as WatchedTree;
    const real = realpathQuietly(this.#options.root);
    if (real !== undefined && real !== tree.root && tree.present) {
      await this.#moveRoot(tree.root, real);
      return;
    }
    if (real === undefined) tree.vanish();
    else if (real !== tree.root) {
      // The root came back somewhere else: it is new, like a root that comes back in place.
      tree = new WatchedTree(real, this.#rules, this.#options.recursive);
      this.#tree = tree;
      tree.look(real);
    } else if (!tree.present) tree.look(real);
    else {
      tree.sweep();
      const check = (path: string) => tree.check(path);
      this.#plan.hot(this.#options.hotPaths?.(), check);
      // What the folders and hot files show goes out before the cold slice is read.
      this.#report(tree);
      this.#plan.cold(tree.files, check);
    }
    this.#report(tree);
    this.#hooks.onRootPresence?.(tree.present);
  }

  #report(tree: WatchedTree): void {
    const changes = tree.takeChanges(true);
    this.#plan.noteChanges(changes);
    this.#emit(changes);
    reportUndecodable(this.#options, tree.takeUndecodable());
  }

  /** A link on the way to the root was re-pointed: a fresh baseline of the new tree. */
  async #moveRoot(from: string, to: string): Promise<void> {
    const tree = await this.#load(to, undefined);
    if (!this.#isOpen()) return;
    reportUndecodable(this.#options, tree.takeUndecodable());
    this.#options.onRootChange({ from, to });
    this.#hooks.onRootPresence?.(tree.present);
  }

  #emit(changes: Change[]): void {
    deliver(this.#options, changes, this.#isOpen);
  }

  /** Before watch() the real root is not known: the root as given stands in. */
  state(): TreeState | undefined {
    return this.#tree?.state() ?? this.#hooks.seed;
  }

  isWatching(): boolean {
    return this.#state === "watching";
  }

  async close(): Promise<void> {
    this.#state = "closed";
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#polling;
  }

  stop(): Promise<void> {
    return this.close();
  }
}
