import { isAbsolute, join, relative, sep } from "node:path";

export interface OwnedPlugin {
  readonly dir: string;
  readonly files: readonly string[];
}

export interface PluginsFolder {
  /** The plugins folder as given: plugin folders (keys) are under it. */
  readonly dir: string;
  /** Its real path: where the watcher's and the import graphs' files are. */
  readonly realDir: string;
}

/**
 * The plugin folders a changed path (a real path) belongs to: the top-level folder it lies in
 * (a plugin, its manifest, or a folder that may be becoming one) and every plugin whose files
 * hold it, such as a shared `plugins/_shared/util.ts`. A top-level `..` entry that changed (a
 * Kubernetes ConfigMap's `..data`, swapped to a new release of every file) concerns every
 * plugin: each is compared with the disk and reloaded only if its bytes differ. Other hidden
 * names (`.DS_Store`, `.env`) concern only plugins that import them. A folder that turns out to
 * hold no plugin costs one stat when its key comes due.
 */
export function ownersOf(
  path: string,
  folder: PluginsFolder,
  plugins: Iterable<OwnedPlugin>,
): string[] {
  const owners = new Set<string>();
  const rel = relative(folder.realDir, path);
  const outside = rel === "" || rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel);
  const top = rel.split(sep)[0] as string;
  if (!outside && !top.startsWith(".")) owners.add(join(folder.dir, top));
  const everyPlugin = !outside && top.startsWith("..") && top === rel;
  for (const plugin of plugins) {
    if (everyPlugin || plugin.files.includes(path)) owners.add(plugin.dir);
  }
  return [...owners];
}
