import { existsSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";

/** Plugin folders under `root`: its direct subfolders that hold a plugin.json, sorted. */
export async function discoverPlugins(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true });
  const dirs = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(root, entry.name))
    .sort();
  return dirs.filter(hasManifest);
}

export const hasManifest = (dir: string): boolean => existsSync(join(dir, "plugin.json"));

export const hasDir = (dir: string): Promise<boolean> =>
  stat(dir).then(
    (info) => info.isDirectory(),
    () => false,
  );
