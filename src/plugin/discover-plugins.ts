import { existsSync } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { HotplugError } from "../errors/hotplug-error.ts";
import { listSubfolders } from "../fs/folder-names.ts";
import { MANIFEST_FILE } from "./manifest/read-manifest.ts";

/** What is in the plugins folder now. */
export interface Discovered {
  /** Plugin folders: subfolders (or links to folders) holding a plugin.json, sorted. */
  readonly dirs: string[];
  /**
   * Folders whose names are not valid UTF-8: no path can reach them, so they cannot load;
   * reported (once each), never skipped in silence.
   */
  readonly unreadable: PluginNameError[];
}

/**
 * Plugin folders under `root`: its direct subfolders (or links to folders, as a ConfigMap
 * volume makes them) that hold a plugin.json. Hidden entries are not plugins: `.git`, and a
 * ConfigMap's `..data` and `..<timestamp>` folders, which the links point into.
 */
export function discoverPlugins(root: string): Discovered {
  const { folders, undecodable } = listSubfolders(root);
  const dirs = folders
    .filter((name) => !name.startsWith("."))
    .map((name) => join(root, name))
    .filter(hasManifest);
  const unreadable = undecodable
    .filter((name) => name.isDirectory)
    .map((name) => new PluginNameError(join(root, name.shown), name.shown));
  return { dirs, unreadable };
}

/** A folder in the plugins folder whose name is not valid UTF-8. */
export class PluginNameError extends HotplugError {
  override name = "PluginNameError";
  /** The folder's path, its bad bytes written as `\xNN`. */
  readonly path: string;

  constructor(path: string, shown: string) {
    super(
      "PLUGIN_NAME_NOT_UTF8",
      `${shown}/: the folder name is not valid UTF-8 (bytes shown as \\xNN), so hotplug cannot load it; rename it`,
    );
    this.path = path;
  }
}

export const hasManifest = (dir: string): boolean => existsSync(join(dir, MANIFEST_FILE));

export const hasDir = (dir: string): Promise<boolean> =>
  stat(dir).then(
    (info) => info.isDirectory(),
    () => false,
  );
