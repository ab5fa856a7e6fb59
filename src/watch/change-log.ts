import type { FileStat } from "../fs/file-stat.ts";
import { type Change, diffSnapshots, type Snapshot } from "./snapshot.ts";

const sameBytes = (a: FileStat | undefined, b: FileStat | undefined) =>
  a?.digest !== undefined && a.digest === b?.digest;

/**
 * The record each path had before the changes not yet taken, so a batch of looks becomes one
 * diff of just the paths they touched, whatever the size of the tree.
 */
export class ChangeLog {
  #before = new Map<string, FileStat | undefined>();
  #paused = false;

  /** While paused (a first walk), nothing is noted: what it finds is not news. */
  pause(paused: boolean): void {
    this.#paused = paused;
  }

  /** `path` is about to change from `old`; only its first change in a batch counts. */
  note(path: string, old: FileStat | undefined): void {
    if (!this.#paused && !this.#before.has(path)) this.#before.set(path, old);
  }

  /**
   * The changes since the last take, `files` being the records now. Given `quiet`, a file
   * whose stat moved but whose content has the digest its last record had goes there instead:
   * the bytes the last event announced are still the bytes on disk.
   */
  take(files: Snapshot, detectRenames: boolean, quiet?: Change[]): Change[] {
    if (this.#before.size === 0) return [];
    const before = this.#before;
    this.#before = new Map();
    const prev: Snapshot = new Map();
    const next: Snapshot = new Map();
    for (const [path, old] of before) {
      if (old) prev.set(path, old);
      const now = files.get(path);
      if (now) next.set(path, now);
    }
    const changes = diffSnapshots(prev, next, detectRenames);
    if (!quiet) return changes;
    return changes.filter((c) => {
      const same = c.type === "modified" && sameBytes(prev.get(c.path), next.get(c.path));
      if (same) quiet.push(c);
      return !same;
    });
  }
}
