import { type FileStat, sameFile, sameFileMoved } from "../fs/file-stat.ts";
import type { FileEventType } from "./file-event.ts";

/** Absolute path -> what the last look at it recorded, for the entries the rules accept. */
export type Snapshot = Map<string, FileStat>;

export interface Change {
  type: FileEventType;
  path: string;
  oldPath?: string;
  /** When the file last changed by its own timestamps (epoch ms); not for deletions. */
  changedAt?: number;
}

const identity = (st: FileStat) => `${st.dev}:${st.ino}`;
const changedAt = (st: FileStat | undefined) => (st ? Math.max(st.mtimeMs, st.ctimeMs) : undefined);

/**
 * The one place where two states of a tree become events. A new inode at a known path (an
 * atomic save) is a modification. With `detectRenames`, a path that disappeared and one that
 * appeared holding the same untouched file (sameFileMoved) are one rename.
 */
export function diffSnapshots(prev: Snapshot, next: Snapshot, detectRenames: boolean): Change[] {
  const deleted: string[] = [];
  for (const path of prev.keys()) if (!next.has(path)) deleted.push(path);
  const created: string[] = [];
  const modified: Change[] = [];
  for (const [path, st] of next) {
    const old = prev.get(path);
    if (!old) created.push(path);
    else if (!sameFile(old, st))
      modified.push({ type: "modified", path, changedAt: changedAt(st) });
  }
  const renamed: Change[] = [];
  if (detectRenames && deleted.length > 0 && created.length > 0) {
    const byIdentity = new Map(deleted.map((path) => [identity(prev.get(path) as FileStat), path]));
    for (const path of created) {
      const st = next.get(path) as FileStat;
      const oldPath = byIdentity.get(identity(st));
      if (oldPath === undefined || !sameFileMoved(prev.get(oldPath) as FileStat, st)) continue;
      byIdentity.delete(identity(st));
      renamed.push({ type: "renamed", path, oldPath, changedAt: changedAt(st) });
    }
  }
  const gone = new Set(renamed.map((c) => c.oldPath));
  const arrived = new Set(renamed.map((c) => c.path));
  return [
    ...deleted.filter((p) => !gone.has(p)).map((path): Change => ({ type: "deleted", path })),
    ...renamed,
    ...created
      .filter((p) => !arrived.has(p))
      .map((path): Change => ({ type: "created", path, changedAt: changedAt(next.get(path)) })),
    ...modified,
  ];
}
