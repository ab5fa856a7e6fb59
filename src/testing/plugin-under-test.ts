import { existsSync } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { MANIFEST_FILE, readManifest } from "../plugin/manifest/read-manifest.ts";

/** The plugin testPlugin() was asked for, and its stand-ins, checked before any host is made. */
export interface PluginUnderTest {
  /** Its name in plugin.json, else its folder's (as the host names a plugin it cannot read). */
  readonly name: string;
  /** Its folder's real path. */
  readonly dir: string;
  /** False when plugin.json says `"enabled": false`. */
  readonly enabled: boolean;
  /** One stand-in API per dependency, by name. */
  readonly deps: Readonly<Record<string, object>>;
}

/**
 * The folder `dir` (a path or a file URL) and the stand-ins given for it, or a TypeError that
 * says what is wrong. A plugin.json that cannot be read is the host's to report, with the
 * file and field, so it is not refused here.
 */
export async function pluginUnderTest(
  dir: string | URL,
  deps: Readonly<Record<string, object>>,
): Promise<PluginUnderTest> {
  const given = typeof dir === "string" ? resolve(dir) : fileURLToPath(dir);
  const real = await realpath(given).catch(() => undefined);
  if (!real || !(await stat(real)).isDirectory()) {
    throw new TypeError(`Cannot test ${given}: no such folder`);
  }
  if (!existsSync(join(real, MANIFEST_FILE))) {
    throw new TypeError(`Cannot test ${given}: it has no ${MANIFEST_FILE}, so it is not a plugin`);
  }
  const manifest = await readManifest(real).then(
    (loaded) => loaded.manifest,
    () => undefined,
  );
  if (!manifest) return { name: basename(real), dir: real, enabled: true, deps: {} };
  const { name } = manifest;
  // Depending on itself is a cycle, for the host to report: no stand-in takes its place.
  const dependsOn = (manifest.dependsOn ?? []).filter((dep) => dep !== name);
  const enabled = manifest.enabled !== false;
  return { name, dir: real, enabled, deps: checked(name, dependsOn, deps) };
}

/** Exactly one object per dependency, or a TypeError naming what is missing or extra. */
function checked(
  name: string,
  dependsOn: readonly string[],
  deps: Readonly<Record<string, object>>,
): Readonly<Record<string, object>> {
  const missing = dependsOn.filter((dep) => !Object.hasOwn(deps, dep));
  if (missing.length > 0) {
    const list = missing.map((dep) => `${dep}: {...}`).join(", ");
    throw new TypeError(
      `Cannot test ${name}: it depends on ${missing.join(", ")}; pass a stand-in for each (deps: { ${list} })`,
    );
  }
  for (const [dep, api] of Object.entries(deps)) {
    if (!dependsOn.includes(dep)) {
      const listed = dependsOn.length > 0 ? dependsOn.join(", ") : "nothing";
      throw new TypeError(
        `Cannot test ${name}: deps.${dep} is not in its dependsOn (it depends on ${listed})`,
      );
    }
    if (typeof api !== "object" || api === null) {
      throw new TypeError(
        `Cannot test ${name}: deps.${dep} must be an object (the API its setup() would return), got ${api === null ? "null" : typeof api}`,
      );
    }
  }
  return deps;
}
