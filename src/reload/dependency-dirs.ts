import type { PluginRecord } from "../plugin/plugin-record.ts";

/**
 * Folders of the plugins `record` depends on, directly or not: the scheduler holds a plugin's
 * reload back while any of them is reloading or queued.
 */
export function dependencyDirs(
  lookup: (name: string) => PluginRecord | undefined,
  record: PluginRecord | undefined,
): string[] {
  const dirs: string[] = [];
  const seen = new Set<string>();
  const visit = (names: readonly string[]) => {
    for (const name of names) {
      const dependency = lookup(name);
      if (!dependency || seen.has(name)) continue;
      seen.add(name);
      dirs.push(dependency.dir);
      visit(dependency.dependsOn);
    }
  };
  visit(record?.dependsOn ?? []);
  return dirs;
}
