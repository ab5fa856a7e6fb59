import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * An entry whose setup() prints `MARK <token>` on stderr: the proof that this exact version of
 * the code ran, not just that a reload event was emitted.
 */
export function markerSource(token: string): string {
  return `export default {
  setup(ctx) {
    console.error("MARK ${token}");
    return { token: "${token}", generation: ctx?.generation ?? 0 };
  },
};
`;
}

/** A plugin folder (plugin.json + index.ts) under `root`; returns the entry's path. */
export function writePlugin(
  root: string,
  name: string,
  source: string,
  dependsOn: string[] = [],
): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const manifest = { name, version: "1.0.0", ...(dependsOn.length ? { dependsOn } : {}) };
  writeFileSync(join(dir, "plugin.json"), JSON.stringify(manifest));
  const entry = join(dir, "index.ts");
  writeFileSync(entry, source);
  return entry;
}
