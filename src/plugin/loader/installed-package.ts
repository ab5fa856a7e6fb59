import { dirname, join, sep } from "node:path";
import { lstatQuietly, realpathQuietly } from "../../fs/stat-quietly.ts";

const NODE_MODULES = `${sep}node_modules${sep}`;

/** A package installed under node_modules that a plugin's graph imports. */
export interface InstalledPackage {
  /**
   * Where the importer reaches it: `<folder>/node_modules/<name>`, the first one up from the
   * importer, as the runtime looks. Often a link (Bun's isolated installs, pnpm): an install
   * re-points it to the new version's folder, so this path is what is watched.
   */
  readonly path: string;
  /** Its real root when the graph was read: the module cache keys of its files lie under it. */
  readonly real: string;
}

/** Whether a resolved module lies in an installed package, not among the project's own files. */
export const isInstalled = (file: string): boolean => file.includes(NODE_MODULES);

/**
 * The package that `file` (resolved, under node_modules) belongs to, seen from `fromDir`, the
 * importer's folder: its name is the path's part after the last node_modules (`name` or
 * `@scope/name`), its path the first `node_modules/<name>` up from the importer that leads to
 * it. A runtime that cached a link's old target resolves to a folder no path leads to any
 * more: then the first `node_modules/<name>` there is, the one an install re-pointed.
 */
export function installedPackageOf(file: string, fromDir: string): InstalledPackage {
  const at = file.lastIndexOf(NODE_MODULES) + NODE_MODULES.length;
  const parts = file.slice(at).split(sep);
  const name = parts[0]?.startsWith("@") ? parts.slice(0, 2).join(sep) : (parts[0] as string);
  const real = file.slice(0, at) + name;
  let first: string | undefined;
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const path = join(dir, "node_modules", name);
    if (lstatQuietly(path)) {
      if (realpathQuietly(path) === real) return { path, real };
      first ??= path;
    }
    if (dirname(dir) === dir) return { path: first ?? real, real };
  }
}
