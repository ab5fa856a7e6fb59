import { statSync } from "node:fs";
import { type FileStat, observe, sameFile } from "../fs/file-stat.ts";

/** What changed on disk since the checker last looked: what its next snapshot must re-read. */
export interface SourceChanges {
  readonly changed: string[];
  readonly created: string[];
  readonly deleted: string[];
}

/**
 * The files the warm program read, as last seen (stat, and content while racy, as the
 * watcher's own records). The compiler does not look at the disk again by itself: each
 * check tells it which files changed, so it re-parses and re-checks only those.
 */
export class SourceStamps {
  readonly #seen = new Map<string, FileStat>();

  /**
   * Looks at every known file and at `files` (the ones about to be checked): what changed,
   * what is new, what is gone. The record then holds what was seen now.
   */
  look(files: Iterable<string>, now = Date.now()): SourceChanges {
    const changes: SourceChanges = { changed: [], created: [], deleted: [] };
    const paths = new Set([...this.#seen.keys(), ...files]);
    for (const path of paths) {
      const old = this.#seen.get(path);
      const st = statSync(path, { throwIfNoEntry: false });
      if (!st) {
        if (old) changes.deleted.push(path);
        this.#seen.delete(path);
        continue;
      }
      const seen = observe(path, st, old, now);
      this.#seen.set(path, seen);
      if (!old) changes.created.push(path);
      else if (!sameFile(old, seen)) changes.changed.push(path);
    }
    return changes;
  }

  /** Files the program read that were not looked at yet (its first snapshot, a new import). */
  track(files: Iterable<string>, now = Date.now()): void {
    for (const path of files) {
      if (this.#seen.has(path)) continue;
      const st = statSync(path, { throwIfNoEntry: false });
      if (st) this.#seen.set(path, observe(path, st, undefined, now));
    }
  }
}
