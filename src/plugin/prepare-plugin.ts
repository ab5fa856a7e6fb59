import { basename, dirname, isAbsolute, join, relative } from "node:path";
import { messageOf } from "../errors/hotplug-error.ts";
import { ReloadError } from "../errors/reload-error.ts";
import { realpathQuietly } from "../fs/stat-quietly.ts";
import { type LoadedManifest, MANIFEST_FILE, readManifest } from "./manifest/read-manifest.ts";

/**
 * Phase 1: the manifest, as a ReloadError naming the file and field when it is wrong. The
 * file is named by its real path, like the plugin's modules: `root` is the real plugins folder.
 */
export async function prepareManifest(dir: string, root: string): Promise<LoadedManifest> {
  const file = join(realpathQuietly(dir) ?? dir, MANIFEST_FILE);
  try {
    return await readManifest(dir, { displayPath: displayPath(root, file) });
  } catch (cause) {
    throw new ReloadError(messageOf(cause), {
      pluginName: basename(dir),
      phase: "manifest",
      cause,
      file,
    });
  }
}

/** How messages show a file: relative to the plugins folder's parent (`plugins/a/index.ts`). */
export const displayPath = (root: string, file: string) =>
  isAbsolute(file) ? relative(dirname(root), file) || file : file;
