import { join, relative, sep } from "node:path";

export interface OwnedPlugin {
  readonly dir: string;
  readonly files: readonly string[];
}

/**
 * The plugin folders a changed path belongs to: the top-level folder it lies in (a plugin, its
 * manifest, or a folder that may be becoming one) and every plugin whose local import graph
 * holds it, such as a shared `plugins/_shared/util.ts`. A folder that turns out to hold no
 * plugin costs one stat when its key comes due.
 */
export function ownersOf(path: string, root: string, plugins: Iterable<OwnedPlugin>): string[] {
  const owners = new Set<string>();
  const rel = relative(root, path);
  if (rel !== "" && !rel.startsWith("..")) owners.add(join(root, rel.split(sep)[0] as string));
  for (const plugin of plugins) if (plugin.files.includes(path)) owners.add(plugin.dir);
  return [...owners];
}
