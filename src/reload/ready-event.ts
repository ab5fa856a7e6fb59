import type { HostEvents } from "../host-events.ts";
import type { PluginManager } from "../plugin/plugin-manager.ts";
import type { FileWatcher } from "../watch/file-watcher.ts";

/** `host:ready`'s payload: which plugins serve after start-up and which do not, names sorted. */
export function readyEvent(
  manager: PluginManager,
  watcher: FileWatcher["mode"] | null,
): HostEvents["host:ready"] {
  const records = manager.records();
  const names = (running: boolean) =>
    records
      .filter((r) => (r.current !== undefined) === running)
      .map((r) => r.name)
      .sort();
  return { dir: manager.dir, watcher, plugins: names(true), failed: names(false) };
}
