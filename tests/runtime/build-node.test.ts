import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtemp, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildNode, describeBuild } from "../../scripts/build-node.ts";

let dir: string;
beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), "hotplug-build-node-")));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

test("bundles an entry into one file for node, with a node hashbang", async () => {
  const entry = join(dir, "cli.ts");
  await writeFile(
    entry,
    '#!/usr/bin/env bun\nimport { join } from "node:path";\nconsole.log(join("a", "b"));\n',
  );
  const { file, ms } = await buildNode(join(dir, "out"), entry);
  expect(file).toBe(join(dir, "out", "cli.js"));
  expect(ms).toBeGreaterThanOrEqual(0);
  expect(describeBuild({ file, ms })).toBe(`built ${file} in ${ms} ms`);
  const code = await readFile(file, "utf8");
  expect(code.split("\n")[0]).toBe("#!/usr/bin/env node");
  expect(code).not.toContain("#!/usr/bin/env bun");
});

test("a broken entry fails the build, saying so", async () => {
  const entry = join(dir, "broken.ts");
  await writeFile(entry, "export const = ;\n");
  expect(buildNode(join(dir, "broken-out"), entry)).rejects.toThrow("Cannot build for node");
});
