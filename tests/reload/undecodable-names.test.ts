// A plugin folder whose name is not valid UTF-8 cannot be reached by any string path: the host
// warns about it once, naming its bytes, and runs the other plugins. Through the library.
import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { mkdir, rename, symlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import { capturingLogger } from "../support/capture-log.ts";
import { useHost } from "../support/host-fixture.ts";
import { helloPlugin } from "../support/plugin-fixture.ts";

const t = useHost();

/** `caf` + byte 0xe9 (`café` in Latin-1): a folder with a plugin.json no path can reach. */
function latin1Plugin(root: string): void {
  const bad = Buffer.concat([Buffer.from(`${root}/caf`), Buffer.from([0xe9])]);
  mkdirSync(bad);
  writeFileSync(
    Buffer.concat([bad, Buffer.from("/plugin.json")]),
    '{"name":"cafe","version":"1.0.0"}',
  );
}

describe("a plugin folder whose name is not UTF-8", () => {
  test("`start()`: warned about once, through re-syncs too; the other plugins run", async () => {
    await t.dir.plugin({ name: "fine", files: { "index.ts": helloPlugin("fine") } });
    latin1Plugin(t.dir.root);
    const capture = capturingLogger();
    const system = await t.host({ logger: capture.logger }, false);
    expect(t.log.of("host:ready")).toMatchObject([{ plugins: ["fine"], failed: [] }]);
    expect(await t.call("fine")).toBe("fine");
    await system.sync();
    await system.sync();
    expect(capture.about("caf\\xe9/")).toEqual([
      "warn caf\\xe9/: the folder name is not valid UTF-8 (bytes shown as \\xNN), so hotplug cannot load it; rename it",
    ]);
  });

  for (const backend of ["native", "poll"] as const) {
    test(`\`startWatching()\` on the ${backend} watcher: the watcher and discovery warn once in all`, async () => {
      await t.dir.plugin({ name: "fine", files: { "index.ts": helloPlugin("fine") } });
      latin1Plugin(t.dir.root);
      const capture = capturingLogger();
      const system = await t.host({ logger: capture.logger, poll: backend === "poll" });
      expect(t.log.of("host:ready")).toMatchObject([{ plugins: ["fine"], failed: [] }]);
      // Saves still reload the other plugins.
      const mark = t.log.mark;
      await t.dir.write("fine/index.ts", helloPlugin("fine 2"));
      await t.log.waitFor("plugin:reloaded", (e) => e.plugin === "fine", { from: mark });
      await system.sync();
      expect(await t.call("fine")).toBe("fine 2");
      expect(capture.about("caf\\xe9/")).toHaveLength(1);
    });

    test(`a symlinked plugins folder on the ${backend} watcher: once, through a deploy too`, async () => {
      // The watcher finds the folder under the link's target, discovery under the link.
      const base = dirname(t.dir.root);
      for (const n of ["1", "2"]) {
        const root = join(base, "releases", n);
        await mkdir(root, { recursive: true });
        latin1Plugin(root);
      }
      await t.dir.plugin(
        { name: "fine", files: { "index.ts": helloPlugin("fine") } },
        "../releases/1/fine",
      );
      await t.dir.plugin(
        { name: "fine", files: { "index.ts": helloPlugin("fine") } },
        "../releases/2/fine",
      );
      const current = join(base, "current");
      await symlink(join(base, "releases", "1"), current);
      const capture = capturingLogger();
      await t.host({ dir: current, logger: capture.logger, poll: backend === "poll" });
      expect(capture.about("caf\\xe9/")).toHaveLength(1);
      const mark = t.log.mark;
      await symlink(join(base, "releases", "2"), `${current}.tmp`);
      await rename(`${current}.tmp`, current);
      await t.log.waitFor("host:synced", () => true, { from: mark });
      expect(capture.about("caf\\xe9/")).toHaveLength(1);
    });
  }
});
