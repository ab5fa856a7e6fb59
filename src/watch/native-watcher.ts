import { sep } from "node:path";
import { clearImmediate, setImmediate } from "node:timers";
import { statQuietly } from "../fs/stat-quietly.ts";
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
import { RecheckQueue } from "./recheck-queue.ts";
import { type ResolvedRoot, resolveRoot } from "./root-links.ts";
import type { Change } from "./snapshot.ts";
import { rootMissing, rootRemoved, toWatchError, type WatchError } from "./watch-error.ts";
import { defaultWatch, type WatchFunction, type WatchHandle } from "./watch-function.ts";
import { type ResolvedWatchOptions, resolveWatchOptions } from "./watch-options.ts";
import { type TreeState, WatchedTree } from "./watched-tree.ts";

export interface NativeWatcherDeps extends BackendHooks {
  /** Defaults to `fs.watch` from node:fs. */
  watch?: WatchFunction;
}

/**
 * Bun 1.4.5's fs.watch drops the event for a path that changes again within 2 ms of its previous
 * event (measured with a bare fs.watch, in-place and atomic saves: 50 of 100 lost at once after
 * the event, 41 at 1 ms, 35 at 1.5 ms, 0 at 2 ms). Every path a flush looked at is looked at
 * again this long after that look, so a change inside the window is still seen.
 */
const RECHECK_DELAY_MS = 3;

/** The path to look at for an event's file name: a name readdir garbles needs its folder. */
function hintFor(rootPrefix: string, rel: string): string {
  const bad = rel.indexOf("\uFFFD");
  if (bad === -1) return rootPrefix + rel;
  const cut = rel.lastIndexOf(sep, bad);
  return cut === -1 ? rootPrefix.slice(0, -1) : rootPrefix + rel.slice(0, cut);
}

/**
 * Recursive fs.watch. Its events are only hints (atomic saves arrive as `rename`, a new folder
 * may or may not list its files, Bun drops some): each hinted path is looked at and compared
 * with what this watcher knew, so every path yields at most one created, modified or deleted
 * per look, and looked at again once Bun's drop window has passed. The parent folders of links
 * on the way to the root are watched too, so a re-pointed link moves the watcher to the new tree.
 */
export class NativeWatcher implements Backend {
  readonly mode = "native";
  readonly #options: ResolvedWatchOptions;
  readonly #deps: NativeWatcherDeps;
  readonly #rules: PathRules;
  readonly #recheck: RecheckQueue;
  #state: "idle" | "watching" | "closed" = "idle";
  #handles: WatchHandle[] = [];
  #tree: WatchedTree | undefined;
  /** Real root + separator: event names are relative to it. */
  #prefix = "";
  /** Path -> whether an event named it (a recheck that finds nothing ends there). */
  #pending = new Map<string, boolean>();
  #rootGone = false;
  #rootMoved = false;
  #timer: ReturnType<typeof setImmediate> | undefined;
  #busy: Promise<void> = Promise.resolve();

  constructor(options: WatchOptions, deps: NativeWatcherDeps = {}) {
    this.#options = resolveWatchOptions(options);
    this.#deps = deps;
    this.#rules = createPathRules(this.#options);
    this.#recheck = new RecheckQueue(RECHECK_DELAY_MS, (paths) => {
      for (const path of paths) if (!this.#pending.has(path)) this.#pending.set(path, false);
      this.#schedule();
    });
  }

  async watch(): Promise<void> {
    if (this.#state === "closed") throw new TypeError("Cannot watch: the watcher is closed");
    if (this.#state === "watching") return;
    this.#state = "watching";
    let tree: WatchedTree;
    try {
      tree = this.#arm(resolveRoot(this.#options.root));
    } catch (error) {
      await this.close();
      throw toWatchError(error);
    }
    // Armed before the walk, so nothing changed in between goes unseen; the diff dedupes.
    const loaded = this.#load(tree, this.#deps.seed);
    // close() awaits #busy: it must not reject with what watch() already threw.
    this.#busy = loaded.then(
      () => {},
      () => {},
    );
    let present: boolean;
    try {
      present = await loaded;
    } catch (error) {
      // A listener threw during the walk's reports: no caller will close what is armed.
      await this.close();
      throw toWatchError(error);
    }
    if (!present) {
      await this.close();
      throw rootMissing();
    }
  }

  #arm(root: ResolvedRoot): WatchedTree {
    const watch = this.#deps.watch ?? defaultWatch;
    this.#prefix = root.real.endsWith(sep) ? root.real : root.real + sep;
    const { recursive } = this.#options;
    const main = watch(root.real, { recursive }, (event, name) => this.#onRaw(event, name));
    this.#handles.push(main);
    main.on("error", (error) => this.#fail(toWatchError(error)));
    for (const [folder, names] of root.links) {
      const handle = watch(folder, { recursive: false }, (_event, name) => {
        if (this.#state !== "watching" || (name && !names.has(name))) return;
        this.#rootMoved = true;
        this.#schedule();
      });
      this.#handles.push(handle);
      handle.on("error", (error) => this.#fail(toWatchError(error)));
    }
    return new WatchedTree(root.real, this.#rules, recursive);
  }

  #disarm(): void {
    for (const handle of this.#handles) handle.close();
    this.#handles = [];
  }

  /** The first walk of `tree`; with a seed of the same root, what changed since is reported. */
  async #load(tree: WatchedTree, seed: TreeState | undefined): Promise<boolean> {
    const isOpen = () => this.#state === "watching";
    const present = await loadTree(tree, this.#options, seed, isOpen);
    if (!present || !isOpen()) return present;
    this.#tree = tree;
    handOver(tree, this.#options, seed, false, isOpen);
    return true;
  }

  #onRaw(event: string, filename: string | null | undefined): void {
    if (this.#state !== "watching") return;
    // Bun reports the root's own deletion as a rename without a file name.
    if (!filename) this.#rootGone ||= event === "rename";
    else if (this.#rules.prunes(sep === "/" ? filename : filename.split(sep).join("/"))) return;
    else this.#pending.set(hintFor(this.#prefix, filename), true);
    this.#schedule();
  }

  #schedule(): void {
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
    if (this.#rootMoved) {
      this.#rootMoved = false;
      const outcome = await this.#follow();
      if (outcome === "moved") return;
      // A link on the way was removed: the root, as named, is gone (the tree it led to may not be).
      this.#rootGone ||= outcome === "gone";
    }
    const tree = this.#tree;
    if (this.#state !== "watching" || !tree) return;
    const hints = [...this.#pending];
    this.#pending.clear();
    let deleted = false;
    for (const [abs, fromEvent] of hints) {
      tree.look(abs);
      // A recheck that finds only a stat change keeps quiet: Bun's writeFileSync is write, then
      // ftruncate to the same length, whose event the drop window often eats; the bytes the
      // last event announced are still on disk, and a second event would mean a second reload.
      const { changes, quiet } = fromEvent
        ? { changes: tree.takeChanges(false), quiet: 0 }
        : tree.takeLoudChanges();
      // What changed once may change again inside Bun's drop window: look again after it.
      if (fromEvent || changes.length + quiet > 0) this.#recheck.add(abs);
      deleted ||= changes.some((c) => c.type === "deleted");
      this.#emit(changes);
    }
    reportUndecodable(this.#options, tree.takeUndecodable());
    // A removed root does not always announce itself; a deletion is the cue to check.
    if (this.#rootGone || (deleted && !statQuietly(tree.root))) {
      const outcome = await this.#follow();
      if (outcome === "moved") return;
      if (outcome === "same" && (await this.#rearm(tree))) return;
      if (outcome === "gone") tree.vanish();
      else tree.look(tree.root);
      this.#emit(tree.takeChanges(false));
      this.#fail(rootRemoved());
    }
  }

  /**
   * When a link on the way to the root was re-pointed: watches the new real root from a fresh
   * baseline, then tells the host ("moved"). "same" when the root has not moved, "gone" when
   * it no longer resolves.
   */
  async #follow(): Promise<"moved" | "same" | "gone"> {
    const from = this.#tree?.root;
    let root: ResolvedRoot;
    try {
      root = resolveRoot(this.#options.root);
    } catch {
      return "gone";
    }
    if (root.real === from || this.#state !== "watching") return "same";
    this.#disarm();
    this.#pending.clear();
    this.#recheck.clear();
    this.#rootGone = false;
    try {
      const present = await this.#load(this.#arm(root), undefined);
      if (this.#state !== "watching") return "moved";
      if (!present) this.#fail(rootMissing());
      else if (from !== undefined) this.#options.onRootChange({ from, to: root.real });
    } catch (error) {
      this.#fail(toWatchError(error));
    }
    return "moved";
  }

  /**
   * The root's folder went away from under its watch, and a folder is at its path again: it was
   * replaced (`bun install` renames a package's new folder into place). Watches the new folder
   * at once, reporting what differs from the old one, rather than polling until it returns.
   * False when no folder is there.
   */
  async #rearm(tree: WatchedTree): Promise<boolean> {
    if (!statQuietly(tree.root)?.isDirectory()) return false;
    const seed = tree.state();
    this.#disarm();
    this.#pending.clear();
    this.#recheck.clear();
    this.#rootGone = false;
    try {
      const present = await this.#load(this.#arm(resolveRoot(this.#options.root)), seed);
      if (!present) this.#fail(rootMissing());
    } catch (error) {
      this.#fail(toWatchError(error));
    }
    return true;
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

  state(): TreeState | undefined {
    return this.#tree?.state() ?? this.#deps.seed;
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
      this.#recheck.clear();
      this.#disarm();
    }
    await this.#busy;
  }

  stop(): Promise<void> {
    return this.close();
  }
}
