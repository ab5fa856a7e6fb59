import type { Stats } from "node:fs";
import { isRacy, type StatFields, sameStat, toFileStat } from "../fs/file-stat.ts";
import type { UndecodablePath } from "./undecodable-paths.ts";

/** What the watched tree knew of a folder when it last listed it. */
export interface FolderRecord {
  /** The folder's own stat when it was last listed. */
  readonly stamp: StatFields;
  /** Listed within a timestamp tick of its stamps: an entry added since may not have moved them. */
  readonly racy: boolean;
  /** Name -> whether it is a folder the walk descends into; only names that can be recorded. */
  readonly children: Map<string, boolean>;
  readonly undecodable: readonly UndecodablePath[];
}

/** The record of listing a folder whose stat was `st`, at `now` (`Date.now()`). */
export function folderRecord(
  st: StatFields,
  now: number,
  children: Map<string, boolean>,
  undecodable: readonly UndecodablePath[],
): FolderRecord {
  return {
    stamp: toFileStat(st, undefined, undefined),
    racy: isRacy(st, now),
    children,
    undecodable,
  };
}

/** Whether the folder now at the path (`st`) is the one that was listed: not if another inode. */
export function isSameFolder(folder: FolderRecord, st: StatFields): boolean {
  return folder.stamp.ino === st.ino && folder.stamp.dev === st.dev;
}

/**
 * Whether a listing now could differ from the last: adding, removing or renaming an entry moves
 * the folder's stat, unless the last listing came too close to its stamps to tell.
 */
export function mayHaveChanged(folder: FolderRecord, st: Stats | undefined): boolean {
  return folder.racy || !st?.isDirectory() || !sameStat(folder.stamp, st);
}
