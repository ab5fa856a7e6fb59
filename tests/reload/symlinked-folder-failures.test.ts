// A plugins folder reached through a symlink (`deploy/current -> plugins`): every failure names
// its file the same way in its event and in status(), relative to the folder the link points
// to, whichever part of the host noticed it.
import { expect, test } from "bun:test";
import { mkdir, symlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import { useHost } from "../support/host-fixture.ts";

const t = useHost();

test("failures under a symlinked plugins folder: events and status name the same files", async () => {
  await t.dir.plugin({
    name: "throws",
    files: { "index.ts": `export default { setup() {\n  throw new Error("boom");\n} };` },
  });
  await t.dir.plugin({
    name: "syntax",
    files: { "index.ts": `export default { setup() { return {}; } };\nconst x = ;` },
  });
  await t.dir.plugin({
    name: "waits",
    dependsOn: ["throws"],
    files: { "index.ts": `export default { setup() { return {}; } };` },
  });
  await t.dir.write("manifest/plugin.json", `{ "name": "manifest", "version": 1 }`);
  // The link lives in another folder than the plugins folder: their parents differ too.
  const current = join(dirname(t.dir.root), "deploy", "current");
  await mkdir(dirname(current));
  await symlink(t.dir.root, current);
  const system = await t.host({ dir: current }, false);

  const where = Object.fromEntries(
    t.log.of("plugin:failed").map((e) => [e.plugin, { file: e.file, line: e.line }]),
  );
  const expected = {
    throws: { file: "throws/index.ts", line: 2 },
    syntax: { file: "syntax/index.ts", line: 2 },
    waits: { file: "waits/plugin.json", line: undefined },
    manifest: { file: "manifest/plugin.json", line: undefined },
  };
  expect(where).toEqual(expected);
  const status = Object.fromEntries(
    system.status().map((s) => [s.name, { file: s.lastError?.file, line: s.lastError?.line }]),
  );
  expect(status).toEqual(expected);
  const manifest = t.log.of("plugin:failed").find((e) => e.plugin === "manifest");
  expect(manifest?.message).toStartWith("plugins/manifest/plugin.json: version:");
});
