import { basename, join } from "node:path";
import { messageOf } from "../errors/hotplug-error.ts";
import { ReloadError } from "../errors/reload-error.ts";
import { shownPath } from "../errors/shown-path.ts";
import { realpathQuietly } from "../fs/stat-quietly.ts";
import { type LoadedManifest, MANIFEST_FILE, readManifest } from "./manifest/read-manifest.ts";

/**
 * Phase 1: the manifest, as a ReloadError naming the file and field when it is wrong. The
 * file is named by its real path, like the plugin's modules, shown by shownPath's rule.
 */
export async function prepareManifest(dir: string, cwd: string): Promise<LoadedManifest> {
  const file = join(realpathQuietly(dir) ?? dir, MANIFEST_FILE);
  try {
    return await readManifest(dir, { displayPath: shownPath(file, cwd) });
  } catch (cause) {
    throw new ReloadError(messageOf(cause), {
      pluginName: basename(dir),
      phase: "manifest",
      cause,
      file,
    });
  }
}
