import { basename, dirname } from "node:path";
import { statQuietly } from "../fs/stat-quietly.ts";
import type { WatchFunction } from "./watch-function.ts";

/**
 * Watches the folder above a missing root, without recursion, and calls `onReturn` once a
 * folder is back at the root's path: an install swaps a package's folder by renaming the old
 * one away and a new one in, a few milliseconds later, and a root that returns must be watched
 * natively again then, not at the next poll. Returns the closer. Where the folder above is gone
 * too, or cannot be watched, it watches nothing: the polls still look for the root.
 */
export function watchForReturn(
  root: string,
  watch: WatchFunction,
  onReturn: () => void,
): () => void {
  const name = basename(root);
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    handle?.close();
  };
  let handle: ReturnType<WatchFunction> | undefined;
  try {
    handle = watch(dirname(root), { recursive: false }, (_event, changed) => {
      // Bun names the entry; a runtime that names nothing is answered by a look all the same.
      if (!open || (changed && changed !== name) || !statQuietly(root)?.isDirectory()) return;
      close();
      onReturn();
    });
    handle.on("error", close);
  } catch {
    open = false;
  }
  return close;
}
