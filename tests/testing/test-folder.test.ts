import { afterEach, expect, test } from "bun:test";
import { existsSync, lstatSync, readFileSync } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TestFolder } from "../../src/testing/test-folder.ts";

const made: string[] = [];
afterEach(async () => {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
});

const testFolders = async () =>
  (await readdir(tmpdir())).filter((name) => name.startsWith("hotplug-testing-"));

test("links the plugin, writes in-process stand-ins, and remove() leaves the plugin's folder alone", async () => {
  const plugin = await mkdtemp(join(tmpdir(), "hotplug-plugin-"));
  made.push(plugin);
  await writeFile(join(plugin, "index.ts"), "export default { setup: () => ({}) };\n");
  const folder = await TestFolder.create({ name: "greeter", dir: plugin }, ["clock"]);

  expect(lstatSync(join(folder.root, "greeter")).isSymbolicLink()).toBe(true);
  const manifest = JSON.parse(readFileSync(join(folder.root, "clock", "plugin.json"), "utf8"));
  expect(manifest).toMatchObject({ name: "clock", isolation: "none" });
  expect(readFileSync(join(folder.root, "clock", "index.js"), "utf8")).toContain("ctx.config");

  await folder.remove();
  expect(existsSync(folder.root)).toBe(false);
  expect(existsSync(join(plugin, "index.ts"))).toBe(true);
});

test("a failure while it is made leaves nothing behind", async () => {
  const before = await testFolders();
  // Not a name a manifest allows: its folder cannot be made.
  await expect(TestFolder.create({ name: "greeter", dir: tmpdir() }, ["no/such"])).rejects.toThrow(
    "ENOENT",
  );
  expect(await testFolders()).toEqual(before);
});
