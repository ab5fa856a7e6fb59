import { watch as fsWatch } from "node:fs";

/*
 * The one seam between hotplug's native watching and the runtime's fs.watch: tests hand in a
 * function that fails, or goes deaf, where the host uses node:fs's own.
 */

export type WatchListener = (event: string, filename: string | null | undefined) => void;

/** The part of node's FSWatcher we use, so tests can inject one that fails. */
export interface WatchHandle {
  on(event: "error", listener: (error: Error) => void): unknown;
  close(): void;
}

export type WatchFunction = (
  root: string,
  options: { recursive: boolean },
  listener: WatchListener,
) => WatchHandle;

/** `fs.watch` from node:fs, as a WatchFunction. */
export const defaultWatch: WatchFunction = (root, options, listener) =>
  fsWatch(root, options, (event, filename) => listener(event, filename));
