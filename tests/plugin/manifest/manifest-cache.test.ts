import { afterEach, beforeEach, expect, test } from "bun:test";
import { rm, stat, symlink, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ManifestCache } from "../../../src/plugin/manifest/manifest-cache.ts";
import { readManifest } from "../../../src/plugin/manifest/read-manifest.ts";
import { PluginsDir } from "../../support/plugin-fixture.ts";

let dir: PluginsDir;
let plugin: string;
let reads: number;
const cache = () => new ManifestCache();
const get = (manifests: ManifestCache) =>
  manifests.get(plugin, () => {
    reads++;
    return readManifest(plugin);
  });

beforeEach(async () => {
  dir = await PluginsDir.create();
  plugin = await dir.plugin({
    name: "greeter",
    version: "1.0.0",
    files: { "index.ts": "export default {};" },
  });
  reads = 0;
  // Old enough not to be racy: a stat then proves the file unchanged.
  const old = new Date(Date.now() - 60_000);
  await utimes(join(plugin, "plugin.json"), old, old);
});
afterEach(() => dir.dispose());

test("an unchanged manifest is read once", async () => {
  const manifests = cache();
  const first = await get(manifests);
  expect(await get(manifests)).toBe(first);
  expect(reads).toBe(1);
});

test("a rewrite of the same length with its old mtime put back is read again", async () => {
  const manifests = cache();
  await get(manifests);
  const file = join(plugin, "plugin.json");
  const before = await stat(file);
  await writeFile(file, (await Bun.file(file).text()).replace("1.0.0", "2.0.0"));
  await utimes(file, before.atime, before.mtime);
  expect((await get(manifests)).manifest.version).toBe("2.0.0");
  expect(reads).toBe(2);
});

test("an entry swapped for a symlink is resolved (and refused) again", async () => {
  const manifests = cache();
  await get(manifests);
  await writeFile(join(dir.root, "..", "outside.ts"), "export default {};");
  await rm(join(plugin, "index.ts"));
  await symlink(join(dir.root, "..", "outside.ts"), join(plugin, "index.ts"));
  await expect(get(manifests)).rejects.toThrow("outside the plugin folder");
});
