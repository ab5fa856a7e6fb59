import { existsSync, statSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";

/**
 * Plugin folders under `root`: its direct subfolders (or links to folders, as a ConfigMap
 * volume makes them) that hold a plugin.json, sorted. Hidden entries are not plugins: `.git`,
 * and a ConfigMap's `..data` and `..<timestamp>` folders, which the links point into.
 */
export async function discoverPlugins(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true });
  const dirs = entries
    .filter((entry) => !entry.name.startsWith("."))
    .filter(
      (entry) => entry.isDirectory() || (entry.isSymbolicLink() && isDir(join(root, entry.name))),
    )
    .map((entry) => join(root, entry.name))
    .sort();
  return dirs.filter(hasManifest);
}

const isDir = (path: string) => statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;

export const hasManifest = (dir: string): boolean => existsSync(join(dir, "plugin.json"));

export const hasDir = (dir: string): Promise<boolean> =>
  stat(dir).then(
    (info) => info.isDirectory(),
    () => false,
  );
