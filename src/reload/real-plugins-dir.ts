import { realpath } from "node:fs/promises";
import { HotplugError } from "../errors/hotplug-error.ts";

/**
 * The plugins folder with its symlinks resolved, read at start and again at every re-sync
 * (a `current` link swapped to a new release moves it).
 */
export async function realPluginsDir(dir: string, action: "start" | "sync"): Promise<string> {
  try {
    return await realpath(dir);
  } catch (cause) {
    throw new HotplugError(
      "PLUGINS_DIR_MISSING",
      `Cannot ${action}: plugins folder ${dir} does not exist`,
      { cause },
    );
  }
}
