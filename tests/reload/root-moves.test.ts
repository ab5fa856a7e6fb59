// A plugins folder that is a symlink (`current -> releases/N`), re-pointed while the host
// watches: the host follows the link and syncs every plugin with the new tree, reloading only
// the plugins whose bytes differ. Through the library, on both watcher backends.
import { describe, expect, test } from "bun:test";
import { rename, symlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { useHost } from "../support/host-fixture.ts";
import { helloPlugin, writeRelease } from "../support/plugin-fixture.ts";

for (const backend of ["native", "poll"] as const) {
  describe(`${backend} watcher`, () => {
    const t = useHost();

    /** releases/N with the plugins `{ name: text }`, under the test's temp folder. */
    const release = (n: number, plugins: Record<string, string>) =>
      writeRelease(join(dirname(t.dir.root), "releases", String(n)), plugins);

    test("`current` re-pointed to a new release: a re-sync reloads only the plugin that differs", async () => {
      const one = await release(1, { same: "same", changed: "changed r1" });
      const two = await release(2, { same: "same", changed: "changed r2" });
      const current = join(dirname(t.dir.root), "current");
      await symlink(one, current);
      const system = await t.host({ dir: current, poll: backend === "poll", pollInterval: 20 });
      expect(await t.call("changed")).toBe("changed r1");
      const mark = t.log.mark;
      // Capistrano's deploy: a new link renamed over the old one in one step.
      await symlink(two, `${current}.tmp`);
      await rename(`${current}.tmp`, current);
      const synced = await t.log.waitFor("host:synced", () => true, { from: mark });
      expect(synced).toMatchObject({
        reloaded: ["changed"],
        started: [],
        unloaded: [],
        failed: [],
        unchanged: 1,
      });
      await system.idle();
      const plugins = t.log.events.slice(mark).filter((e) => e.type.startsWith("plugin:"));
      expect(plugins).toMatchObject([
        { type: "plugin:reloaded", plugin: "changed", cause: "change" },
      ]);
      expect(await t.call("changed")).toBe("changed r2");
      expect(system.status().map((s) => [s.name, s.dir])).toEqual([
        ["changed", join(current, "changed")],
        ["same", join(current, "same")],
      ]);
      // Saves now reach the new release's files.
      const next = t.log.mark;
      await writeFile(join(two, "same", "index.ts"), helloPlugin("same edited"));
      await t.log.waitFor("plugin:reloaded", (e) => e.plugin === "same", { from: next });
      expect(await t.call("same")).toBe("same edited");
      expect(t.log.of("plugin:failed")).toEqual([]);
    });
  });
}
