import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { HotplugError } from "../../src/errors/hotplug-error.ts";
import { discoverPlugins, PluginNameError } from "../../src/plugin/discover-plugins.ts";
import { PluginsDir } from "../support/plugin-fixture.ts";

let dir: PluginsDir;
beforeEach(async () => {
  dir = await PluginsDir.create();
});
afterEach(() => dir.dispose());

/** A folder named `caf` + byte 0xe9 (`café` in Latin-1, not UTF-8) under `parent`. */
function latin1Folder(parent: string, withManifest = true): void {
  const bad = Buffer.concat([Buffer.from(`${parent}/caf`), Buffer.from([0xe9])]);
  mkdirSync(bad);
  if (withManifest) {
    writeFileSync(
      Buffer.concat([bad, Buffer.from("/plugin.json")]),
      '{"name":"cafe","version":"1.0.0"}',
    );
  }
}

test("plugin folders: subfolders and links to folders holding a plugin.json, sorted", async () => {
  for (const name of ["zeta", "alpha"]) await dir.plugin({ name, files: { "index.ts": "" } });
  await dir.plugin({ name: "linked", files: { "index.ts": "" } }, "../elsewhere/linked");
  await symlink(join(dir.root, "../elsewhere/linked"), dir.path("linked"));
  await mkdir(dir.path("no-manifest"));
  await writeFile(dir.path("README.md"), "not a plugin");
  expect(discoverPlugins(dir.root)).toEqual({
    dirs: [dir.path("alpha"), dir.path("linked"), dir.path("zeta")],
    unreadable: [],
  });
});

test("hidden folders are no plugins: .git, a ConfigMap's ..data and ..<timestamp>", async () => {
  await dir.plugin({ name: "real", files: { "index.ts": "" } }, "..2026_01_01_00_00_00.1/real");
  await symlink("..2026_01_01_00_00_00.1", dir.path("..data"));
  await dir.plugin({ name: "git", files: { "index.ts": "" } }, ".git");
  await symlink("..data/real", dir.path("real"));
  expect(discoverPlugins(dir.root).dirs).toEqual([dir.path("real")]);
});

test("a folder whose name is not UTF-8 is among `unreadable`, its bad byte escaped", async () => {
  await dir.plugin({ name: "fine", files: { "index.ts": "" } });
  latin1Folder(dir.root);
  // A file with such a name is no plugin folder: the watcher reports it, discovery does not.
  writeFileSync(Buffer.concat([Buffer.from(`${dir.root}/notes-`), Buffer.from([0xff])]), "x");
  const { dirs, unreadable } = discoverPlugins(dir.root);
  expect(dirs).toEqual([dir.path("fine")]);
  expect(unreadable).toHaveLength(1);
  const [error] = unreadable;
  expect(error).toBeInstanceOf(PluginNameError);
  expect(error).toBeInstanceOf(HotplugError);
  expect(error).toMatchObject({
    name: "PluginNameError",
    code: "PLUGIN_NAME_NOT_UTF8",
    path: join(dir.root, "caf\\xe9"),
    message:
      "caf\\xe9/: the folder name is not valid UTF-8 (bytes shown as \\xNN), so hotplug cannot load it; rename it",
  });
});

test("it is reported whether or not it holds a plugin.json: no path can look inside", () => {
  latin1Folder(dir.root, false);
  expect(discoverPlugins(dir.root).unreadable.map((e) => e.path)).toEqual([
    join(dir.root, "caf\\xe9"),
  ]);
});
