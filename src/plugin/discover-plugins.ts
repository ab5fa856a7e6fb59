import { access, readdir, stat } from "node:fs/promises";
import { join } from "node:path";

/** Plugin folders under `root`: its direct subfolders that hold a plugin.json, sorted. */
export async function discoverPlugins(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true });
  const dirs = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(root, entry.name))
    .sort();
  const found = await Promise.all(dirs.map((dir) => hasManifest(dir)));
  return dirs.filter((_, i) => found[i]);
}

export const hasManifest = (dir: string): Promise<boolean> =>
  access(join(dir, "plugin.json")).then(
    () => true,
    () => false,
  );

export const hasDir = (dir: string): Promise<boolean> =>
  stat(dir).then(
    (info) => info.isDirectory(),
    () => false,
  );
