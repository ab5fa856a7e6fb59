import { toError } from "../errors/hotplug-error.ts";
import type { FileEvent } from "./file-event.ts";
import type { FileWatcher } from "./file-watcher.ts";
import { trackProgress } from "./scan-progress.ts";
import { type Change, diffSnapshots } from "./snapshot.ts";
import type { UndecodablePath } from "./undecodable-paths.ts";
import { nameNotUtf8, type WatchError } from "./watch-error.ts";
import type { ResolvedWatchOptions } from "./watch-options.ts";
import type { TreeState, WatchedTree } from "./watched-tree.ts";

/** What the auto watcher needs from a backend beyond FileWatcher, to hand over without a gap. */
export interface Backend extends FileWatcher {
  /**
   * The tree the backend knows now; the next backend diffs against it. Before its first walk
   * is done, the seed it was given (undefined without one): a half-walked tree would make
   * every file it had not reached yet look new.
   */
  state(): TreeState | undefined;
}

export interface BackendHooks {
  /** The tree the previous backend knew; changes since then are reported on start. */
  seed?: TreeState;
  /** The backend has stopped itself; without it, the error goes to onError. */
  onFailure?(error: WatchError): void;
  /** After every poll scan: whether the root exists. */
  onRootPresence?(present: boolean): void;
}

function toFileEvent({ type, path, oldPath, changedAt }: Change, time: number): FileEvent {
  return {
    type,
    path,
    time,
    ...(oldPath === undefined ? {} : { oldPath }),
    ...(changedAt === undefined ? {} : { changedAt }),
  };
}

/** A throwing listener must not break the watcher's own chain of scans. */
export function deliver(
  options: ResolvedWatchOptions,
  changes: readonly Change[],
  isOpen: () => boolean,
): void {
  const time = Date.now();
  for (const change of changes) {
    if (!isOpen()) return;
    try {
      options.onEvent(toFileEvent(change, time));
    } catch (error) {
      options.onError(toError(error));
    }
  }
}

/** One onUndecodable per name that is not UTF-8, the first time a listing finds it. */
export function reportUndecodable(
  options: ResolvedWatchOptions,
  names: readonly UndecodablePath[],
): void {
  for (const name of names) options.onUndecodable(nameNotUtf8(name));
}

/**
 * The first walk of `tree`, its progress reported; a seed of the same root lends its records, so
 * its racy entries are compared by content. True when the root is a folder.
 */
export async function loadTree(
  tree: WatchedTree,
  options: ResolvedWatchOptions,
  seed: TreeState | undefined,
  isOpen: () => boolean,
): Promise<boolean> {
  const progress = trackProgress(tree.root, options.onProgress);
  const present = await tree.load({
    known: seed?.root === tree.root ? seed.files : undefined,
    onSlice: (files) => progress.slice(files),
    isCancelled: () => !isOpen(),
  });
  progress.done(tree.files.size);
  return present;
}

/**
 * After the first walk, what the previous backend (`seed`) did not see: the changes since, when
 * the root is the same or gone (all deleted), the undecodable names it did not report, and the
 * root's move when a link on the way to it was re-pointed in between.
 */
export function handOver(
  tree: WatchedTree,
  options: ResolvedWatchOptions,
  seed: TreeState | undefined,
  detectRenames: boolean,
  isOpen: () => boolean,
): void {
  const sameRoot = seed?.root === tree.root;
  if (seed && (sameRoot || !tree.present)) {
    deliver(options, diffSnapshots(seed.files, tree.files, detectRenames), isOpen);
  }
  reportUndecodable(options, tree.takeUndecodable(sameRoot ? seed.undecodable : undefined));
  if (seed && !sameRoot && tree.present) options.onRootChange({ from: seed.root, to: tree.root });
}
