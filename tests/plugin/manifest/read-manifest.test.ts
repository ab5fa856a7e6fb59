import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFile, symlink } from "node:fs/promises";
import path from "node:path";
import { contentDigest } from "../../../src/fs/content-digest.ts";
import { readManifest } from "../../../src/plugin/manifest/read-manifest.ts";
import { TempPlugins } from "./temp-plugins.ts";

let temp: TempPlugins;
beforeAll(async () => {
  temp = await TempPlugins.create();
});
afterAll(() => temp.cleanup());

describe("readManifest accepts", () => {
  test("a minimal manifest, defaulting the entry to index.ts", async () => {
    const dir = await temp.plugin("minimal", { manifest: { name: "greeter", version: "1.0.0" } });
    const loaded = await readManifest(dir, { displayPath: "plugins/minimal/plugin.json" });
    expect(loaded).toEqual({
      manifest: { name: "greeter", version: "1.0.0" },
      slot: dir,
      dir,
      file: "plugins/minimal/plugin.json",
      entryPath: path.join(dir, "index.ts"),
      path: path.join(dir, "plugin.json"),
      digest: contentDigest(await readFile(path.join(dir, "plugin.json"))),
    });
  });

  test("a full manifest with every field", async () => {
    const manifest = {
      $schema: "../../schema/plugin.schema.json",
      name: "greeter-2",
      version: "1.2.0-rc.1+build.5",
      entry: "src/main.ts",
      description: "Says hello",
      dependsOn: ["clock", "db"],
      enabled: false,
      config: { greeting: "hi", nested: { list: [1, null, true] } },
    };
    const dir = await temp.plugin("full", { manifest, files: { "src/main.ts": "" } });
    const loaded = await readManifest(dir);
    expect(loaded.manifest).toEqual(manifest);
    expect(loaded.file).toBe(path.join(dir, "plugin.json"));
    expect(loaded.entryPath).toBe(path.join(dir, "src", "main.ts"));
  });

  test("a UTF-8 BOM and non-ASCII text", async () => {
    const manifest = { name: "cafe", version: "1.0.0", description: "café ☕" };
    const text = `\uFEFF${JSON.stringify(manifest)}`;
    const dir = await temp.plugin("bom", { manifest: text });
    expect((await readManifest(dir)).manifest.description).toBe("café ☕");
  });

  test("index.ts before index.js when both exist", async () => {
    const files = { "index.ts": "", "index.js": "" };
    const dir = await temp.plugin("both", { manifest: { name: "a", version: "0.0.1" }, files });
    expect((await readManifest(dir)).entryPath).toBe(path.join(dir, "index.ts"));
  });

  test("index.js when there is no index.ts", async () => {
    const files = { "index.js": "" };
    const dir = await temp.plugin("js", { manifest: { name: "a", version: "0.0.1" }, files });
    expect((await readManifest(dir)).entryPath).toBe(path.join(dir, "index.js"));
  });

  test("an entry in a subfolder, written with ./ and ..", async () => {
    const manifest = { name: "a", version: "1.0.0", entry: "./src/../src/lib/main.ts" };
    const dir = await temp.plugin("sub", { manifest, files: { "src/lib/main.ts": "" } });
    expect((await readManifest(dir)).entryPath).toBe(path.join(dir, "src", "lib", "main.ts"));
  });

  test("an entry symlink that stays inside, resolved to its target", async () => {
    const manifest = { name: "a", version: "1.0.0" };
    const files = { "src/main.ts": "" };
    const dir = await temp.plugin("inner-link", {
      manifest,
      files,
      symlinks: { "index.ts": "src/main.ts" },
    });
    expect((await readManifest(dir)).entryPath).toBe(path.join(dir, "src", "main.ts"));
  });

  test("a plugin folder reached through a symlink, reporting its real path", async () => {
    const real = await temp.plugin("real-folder", { manifest: { name: "a", version: "1.0.0" } });
    const link = path.join(temp.root, "linked-folder");
    await symlink(real, link);
    const loaded = await readManifest(link);
    expect(loaded.dir).toBe(real);
    expect(loaded.file).toBe(path.join(link, "plugin.json"));
    expect(loaded.entryPath).toBe(path.join(real, "index.ts"));
  });

  test("a relative plugin folder, resolved against the working directory", async () => {
    const dir = await temp.plugin("relative", { manifest: { name: "a", version: "1.0.0" } });
    const loaded = await readManifest(path.relative(process.cwd(), dir));
    expect(loaded.dir).toBe(dir);
  });

  test.each(["0.0.0", "1.2.3", "10.20.30", "1.0.0-alpha", "1.0.0-0.3.7", "1.0.0+20130313144700"])(
    "semver %s",
    async (version) => {
      const dir = await temp.plugin(`semver-${version}`, { manifest: { name: "a", version } });
      expect((await readManifest(dir)).manifest.version).toBe(version);
    },
  );
});
