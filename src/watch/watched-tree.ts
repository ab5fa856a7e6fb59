import type { Stats } from "node:fs";
import { basename, dirname, sep } from "node:path";
import { setImmediate } from "node:timers";
import { type FileStat, observe } from "../fs/file-stat.ts";
import { readFolderQuietly } from "../fs/folder-names.ts";
import { lstatQuietly, readlinkQuietly, statQuietly } from "../fs/stat-quietly.ts";
import { ChangeLog, type LoudChanges } from "./change-log.ts";
import { type FolderRecord, folderRecord, isSameFolder, mayHaveChanged } from "./folder-record.ts";
import type { PathRules } from "./glob.ts";
import type { Change, Snapshot } from "./snapshot.ts";
import { TreeRules } from "./tree-rules.ts";
import { type UndecodablePath, undecodablePaths } from "./undecodable-paths.ts";

export interface LoadOptions {
  /** An earlier record of this tree (a seed): its racy entries are hashed again. */
  known?: Snapshot | undefined;
  /** Called between slices of the walk, with the files found so far. */
  onSlice?(files: number): void;
  /** Checked between slices: a closed watcher stops walking. */
  isCancelled?(): boolean;
  /** How long a slice may block the event loop; default SLICE_MS. */
  sliceMs?: number;
}

const NONE = 0;
const ENTRY = 1;
const FOLDER = 2;
type Kind = typeof NONE | typeof ENTRY | typeof FOLDER;

/** How long the first walk blocks the event loop before it lets other work run. */
const SLICE_MS = 20;

/** What one backend hands the next, so the switch loses nothing and repeats nothing. */
export interface TreeState {
  /** The real root the paths lie under. */
  readonly root: string;
  readonly files: Snapshot;
  /** `path`s of the undecodable names already reported. */
  readonly undecodable: ReadonlySet<string>;
}

/**
 * The watched tree as both backends know it: every accepted file (and every link the walk does
 * not follow) under the real root, and every folder with the names it held when last listed.
 * Operations bring part of it up to date (`look` for a native hint, `sweep` and `check` for
 * polling); `takeChanges` turns what they changed into events.
 *
 * Synchronous on purpose: one `readdirSync(withFileTypes)` per folder and one `lstatSync` per
 * file costs a fraction of awaiting a promise per entry (each async stat is a trip through the
 * thread pool and the microtask queue). Only `load`, the first walk, yields between slices.
 */
export class WatchedTree {
  readonly #log = new ChangeLog();
  readonly files: Snapshot = this.#log.files;
  readonly #folders = new Map<string, FolderRecord>();
  /** Which paths count; without recursion only the root's own files do. */
  readonly #rules: TreeRules;
  /** Folders found but not walked yet, with their lstat when the finder took one. */
  readonly #queue: [abs: string, st: Stats | undefined][] = [];
  #known: Snapshot | undefined;
  #found: UndecodablePath[] = [];
  /** `Date.now()` of the folder being listed: the racy rule's "moment of the look". */
  #now = 0;

  constructor(
    readonly root: string,
    rules: PathRules,
    recursive = true,
  ) {
    this.#rules = new TreeRules(root, rules, recursive);
  }

  /** Whether the root was a folder at the last look. */
  get present(): boolean {
    return this.#folders.has(this.root);
  }

  /**
   * Walks the whole tree without reporting anything: the state later changes are diffed with.
   * Yields to the event loop every SLICE_MS. False when the root is not a folder.
   */
  async load(options: LoadOptions = {}): Promise<boolean> {
    this.#log.pause(true);
    this.#known = options.known;
    const st = lstatQuietly(this.root);
    if (st?.isDirectory()) this.#list(this.root, st, undefined);
    const sliceMs = options.sliceMs ?? SLICE_MS;
    while (!this.#drain(performance.now() + sliceMs) && !options.isCancelled?.()) {
      options.onSlice?.(this.files.size);
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.#known = undefined;
    this.#log.pause(false);
    return this.present;
  }

  /** Native: brings the tree up to date at and below `abs`, whatever `abs` is now. */
  look(abs: string): void {
    if (abs === this.root) this.#refreshFolder(abs, lstatQuietly(abs));
    else {
      let child = abs;
      let parent = dirname(abs);
      while (!this.#folders.has(parent)) {
        if (parent.length <= this.root.length) return; // not under the root
        child = parent;
        parent = dirname(parent);
      }
      if (this.#folders.has(child)) this.#refreshFolder(child, lstatQuietly(child));
      else this.#visitChild(child);
    }
    this.#drain(Number.POSITIVE_INFINITY);
  }

  /** The root, as the watcher names it, is gone: everything under it is deleted. */
  vanish(): void {
    this.#removeFolder(this.root);
  }

  /**
   * Polling: lists again every folder whose stat moved, or that was racy: new, deleted and
   * renamed entries anywhere in the tree, for one lstat per folder.
   */
  sweep(): void {
    for (const [abs, folder] of [...this.#folders]) {
      if (this.#folders.get(abs) !== folder) continue; // removed by an earlier folder's listing
      const st = lstatQuietly(abs);
      if (mayHaveChanged(folder, st)) this.#refreshFolder(abs, st);
    }
    this.#drain(Number.POSITIVE_INFINITY);
  }

  /** Polling: looks at one recorded entry again (hot files, and the cold rota's turn). */
  check(path: string): void {
    const old = this.files.get(path);
    if (!old) return;
    this.#now = Date.now();
    const kind = this.#visit(path, this.#rules.rel(path), lstatQuietly(path), old);
    if (kind === FOLDER) this.#drain(Number.POSITIVE_INFINITY);
  }

  /** The changes made since the last take, as events. */
  takeChanges(detectRenames: boolean): Change[] {
    return this.#log.take(detectRenames);
  }

  /** takeChanges(false) less the quiet ones, counted (see ChangeLog.takeLoud). */
  takeLoudChanges(): LoudChanges {
    return this.#log.takeLoud();
  }

  /** Undecodable names found since the last call, less those in `reported`. */
  takeUndecodable(reported?: ReadonlySet<string>): UndecodablePath[] {
    const found = this.#found;
    this.#found = [];
    return reported ? found.filter((u) => !reported.has(u.path)) : found;
  }

  state(): TreeState {
    const undecodable = new Set<string>();
    for (const folder of this.#folders.values()) {
      for (const u of folder.undecodable) undecodable.add(u.path);
    }
    return { root: this.root, files: new Map(this.files), undecodable };
  }

  /** Walks queued folders until none is left (true) or the deadline passed (false). */
  #drain(deadline: number): boolean {
    for (let next = this.#queue.pop(); next !== undefined; next = this.#queue.pop()) {
      const [abs, seen] = next;
      // The finder's lstat is older than the listing, never newer: a change in between moves
      // the folder's stat, and the next look lists it again. A folder replaced since its parent
      // listed it is put right by the parent's next listing.
      const st = seen ?? lstatQuietly(abs);
      if (st?.isDirectory() && !this.#folders.has(abs)) this.#list(abs, st, undefined);
      if (performance.now() > deadline) return this.#queue.length === 0;
    }
    return true;
  }

  /** `abs`, a known folder or the root, is now `st`: list it again, or replace or drop it. */
  #refreshFolder(abs: string, st: Stats | undefined): void {
    const folder = this.#folders.get(abs);
    if (folder && st?.isDirectory() && isSameFolder(folder, st)) {
      this.#list(abs, st, folder);
      return;
    }
    this.#removeFolder(abs);
    if (abs !== this.root) this.#visitChild(abs);
    else if (st?.isDirectory()) this.#list(abs, st, undefined); // replaced, or back: walk it
  }

  /** Records `abs`, a direct child of a known folder, and notes it in that folder's names. */
  #visitChild(abs: string): void {
    this.#now = Date.now();
    const kind = this.#visit(abs, this.#rules.rel(abs), lstatQuietly(abs), this.#recorded(abs));
    const names = this.#folders.get(dirname(abs))?.children;
    if (kind === NONE) names?.delete(basename(abs));
    else names?.set(basename(abs), kind === FOLDER);
  }

  /**
   * Reads the folder `abs` (now `st`) and records its entries; `old` is its last listing.
   * Paths are built by concatenation from `abs` and the names readdir returned, which is what
   * join() would produce, without re-normalizing every path.
   */
  #list(abs: string, st: Stats, old: FolderRecord | undefined): void {
    const listing = readFolderQuietly(abs);
    this.#now = Date.now();
    const prefix = abs.endsWith(sep) ? abs : abs + sep;
    const relPrefix = abs === this.root ? "" : `${this.#rules.rel(abs)}/`;
    const children = new Map<string, boolean>();
    for (const entry of listing.entries) {
      const { name } = entry;
      const path = prefix + name;
      const rel = relPrefix + name;
      const wasFolder = old?.children.get(name);
      if (entry.isDirectory()) {
        if (this.#rules.skips(rel)) continue;
        children.set(name, true);
        if (wasFolder === false) this.#log.delete(path);
        if (wasFolder !== true || !this.#folders.has(path)) this.#queue.push([path, undefined]);
        continue;
      }
      if (wasFolder === true) this.#removeFolder(path);
      const record = this.#recorded(path);
      // A regular file the rules reject is never stat'ed.
      const accepted = entry.isFile() ? this.#rules.accepts(rel, record) : undefined;
      if (accepted === false) continue;
      const kind = this.#visit(path, rel, lstatQuietly(path), record, accepted);
      if (kind !== NONE) children.set(name, kind === FOLDER);
    }
    for (const [name, isFolder] of old?.children ?? []) {
      if (children.has(name)) continue;
      if (isFolder) this.#removeFolder(prefix + name);
      else this.#log.delete(prefix + name);
    }
    const undecodable = undecodablePaths(listing, prefix, relPrefix, this.#rules.rules);
    for (const u of undecodable) {
      if (!old?.undecodable.some((known) => known.path === u.path)) this.#found.push(u);
    }
    this.#folders.set(abs, folderRecord(st, this.#now, children, undecodable));
  }

  /**
   * Records what `path` (`rel` to the root) is now, `link` being its lstat and `old` its last
   * record, and says what it is to its folder. A link to a file counts as that file, and a link
   * the walk does not follow (to a folder: it could lead back up; or dangling) is recorded as
   * itself. `accepted`: what the caller already learned from #accepts, so no glob runs twice.
   */
  #visit(
    path: string,
    rel: string,
    link: Stats | undefined,
    old: FileStat | undefined,
    accepted?: boolean,
  ): Kind {
    if (link?.isFile() && (accepted ?? this.#rules.accepts(rel, old))) {
      this.#log.set(path, observe(path, link, old, this.#now));
      return ENTRY;
    }
    this.#log.delete(path);
    if (link?.isDirectory()) {
      if (this.#rules.skips(rel)) return NONE;
      this.#queue.push([path, link]);
      return FOLDER;
    }
    if (!link?.isSymbolicLink()) return NONE;
    const st = statQuietly(path);
    if (st?.isFile()) {
      if (!this.#rules.accepts(rel, old)) return NONE;
      this.#log.set(path, observe(path, st, old, this.#now));
    } else {
      if (this.#rules.rules.prunes(rel)) return NONE;
      this.#log.set(path, observe(path, link, old, this.#now, readlinkQuietly(path)));
    }
    return ENTRY;
  }

  /** What `path` was last recorded as; during the first walk, the seed's record will do. */
  #recorded(path: string): FileStat | undefined {
    return this.files.get(path) ?? this.#known?.get(path);
  }

  #removeFolder(abs: string): void {
    const folder = this.#folders.get(abs);
    if (!folder) return;
    this.#folders.delete(abs);
    const prefix = abs.endsWith(sep) ? abs : abs + sep;
    for (const [name, isFolder] of folder.children) {
      if (isFolder) this.#removeFolder(prefix + name);
      else this.#log.delete(prefix + name);
    }
  }
}
