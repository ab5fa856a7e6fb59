import { realpathSync } from "node:fs";

/**
 * A plugin folder by its real path, as its entry and modules are named: the one form every
 * reported path is relative to the plugins folder's real path from. A folder that cannot be
 * resolved (gone, unreadable) keeps the path as given.
 */
export function realFolder(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}
