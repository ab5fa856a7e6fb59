import type { FileStat } from "../fs/file-stat.ts";
import { type Change, diffSnapshots, type Snapshot } from "./snapshot.ts";

const sameBytes = (a: FileStat | undefined, b: FileStat | undefined) =>
  a?.digest !== undefined && a.digest === b?.digest;

export interface LoudChanges {
  readonly changes: Change[];
  /** How many changes were left out as quiet. */
  readonly quiet: number;
}

/**
 * A tree's file records, and the record each path had before the changes not yet taken, so a
 * batch of looks becomes one diff of just the paths they touched, whatever the size of the tree.
 */
export class ChangeLog {
  readonly files: Snapshot = new Map();
  #before = new Map<string, FileStat | undefined>();
  #paused = false;

  /** While paused (a first walk), nothing is noted: what it finds is not news. */
  pause(paused: boolean): void {
    this.#paused = paused;
  }

  set(path: string, st: FileStat): void {
    const old = this.files.get(path);
    if (old === st) return;
    this.#note(path, old);
    this.files.set(path, st);
  }

  delete(path: string): void {
    const old = this.files.get(path);
    if (!old) return;
    this.#note(path, old);
    this.files.delete(path);
  }

  /** The changes since the last take. */
  take(detectRenames: boolean): Change[] {
    const taken = this.#takeRecords();
    return taken ? diffSnapshots(taken[0], taken[1], detectRenames) : [];
  }

  /**
   * take() (no renames) less the quiet changes: a file whose stat moved while its content kept
   * the digest of its last record still holds the bytes the last event announced.
   */
  takeLoud(): LoudChanges {
    const taken = this.#takeRecords();
    if (!taken) return { changes: [], quiet: 0 };
    const [prev, next] = taken;
    let quiet = 0;
    const changes = diffSnapshots(prev, next, false).filter((c) => {
      const same = c.type === "modified" && sameBytes(prev.get(c.path), next.get(c.path));
      if (same) quiet++;
      return !same;
    });
    return { changes, quiet };
  }

  /** The records before and now of the paths changed since the last take; none if none. */
  #takeRecords(): [prev: Snapshot, next: Snapshot] | undefined {
    if (this.#before.size === 0) return undefined;
    const before = this.#before;
    this.#before = new Map();
    const prev: Snapshot = new Map();
    const next: Snapshot = new Map();
    for (const [path, old] of before) {
      if (old) prev.set(path, old);
      const now = this.files.get(path);
      if (now) next.set(path, now);
    }
    return [prev, next];
  }

  /** `path` is about to change from `old`; only its first change in a batch counts. */
  #note(path: string, old: FileStat | undefined): void {
    if (!this.#paused && !this.#before.has(path)) this.#before.set(path, old);
  }
}
