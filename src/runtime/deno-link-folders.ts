import { lstatSync, mkdtempSync, readdirSync, realpathSync, rmdirSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";

const PREFIX = "hotplug-deno-";
/** A link folder's name: the prefix, its process's pid (group 1), then mkdtemp's six characters. */
export const LINK_FOLDER_NAME = String.raw`${PREFIX}(\d+)-[^/]{6}`;
const LINK_FOLDER = new RegExp(`^${LINK_FOLDER_NAME}$`);

/**
 * A folder for one process's import links, named after its pid (`hotplug-deno-<pid>-XXXXXX`),
 * so a later process can tell whose it is. Folders left by processes that are gone (killed,
 * crashed: no exit handler ran) are removed first, so they do not pile up in the temp folder.
 */
export function makeLinkFolder(tmp: string): string {
  sweepLinkFolders(tmp);
  return realpathSync(mkdtempSync(join(tmp, `${PREFIX}${process.pid}-`)));
}

/** Removes `folder`'s links one by one (each points at `/`: never a recursive delete), then it. */
export function removeLinkFolder(folder: string): void {
  for (const name of readdirSync(folder)) {
    const link = join(folder, name);
    if (lstatSync(link).isSymbolicLink()) unlinkSync(link);
  }
  rmdirSync(folder);
}

/** The link folders in `tmp` whose process no longer runs, removed; returns how many. */
export function sweepLinkFolders(tmp: string): number {
  let removed = 0;
  for (const name of safeList(tmp)) {
    const pid = Number(LINK_FOLDER.exec(name)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    try {
      removeLinkFolder(join(tmp, name));
      removed++;
    } catch {
      // another process is sweeping it, or it holds something hotplug did not put there
    }
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function safeList(tmp: string): string[] {
  try {
    return readdirSync(tmp).filter((name) => name.startsWith(PREFIX));
  } catch {
    return [];
  }
}
