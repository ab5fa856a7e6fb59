import { lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createPathRules } from "../../src/watch/glob.ts";
import { WatchedTree } from "../../src/watch/watched-tree.ts";

const cpuMs = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
};

export interface ScanCost {
  /** CPU ms of the first walk (WatchedTree.load). */
  loadMs: number;
  /** CPU ms of one full look at a loaded tree: every folder swept, every file checked. */
  scanMs: number;
}

/** hotplug's poll costs over `root`, measured in this process. */
export async function hotplugScanCpu(root: string): Promise<ScanCost> {
  const tree = new WatchedTree(root, createPathRules({}));
  let from = process.cpuUsage();
  await tree.load();
  const loadMs = cpuMs(from);
  const paths = [...tree.files.keys()];
  from = process.cpuUsage();
  tree.sweep();
  for (const path of paths) tree.check(path);
  return { loadMs, scanMs: cpuMs(from) };
}

/**
 * CPU ms of the least a stat poller must do: a synchronous readdir + lstat of every file.
 * A reference floor, not a watcher: it filters nothing and diffs nothing.
 */
export function syncWalkCpu(root: string): number {
  const from = process.cpuUsage();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else lstatSync(path);
    }
  };
  walk(root);
  return cpuMs(from);
}
