// system.sync(), the library's SIGHUP: every plugin read from disk again, like nginx's reload.
// In `start()` mode (no watcher), so nothing but the sync can have caused what follows it.
import { describe, expect, test } from "bun:test";
import { rm } from "node:fs/promises";
import type { HostEvent } from "../../src/host-events.ts";
import { HotReloadSystem } from "../../src/reload/hot-reload-system.ts";
import { useHost } from "../support/host-fixture.ts";
import { helloPlugin } from "../support/plugin-fixture.ts";

const t = useHost();

/** The plugin events in `events`, as sortable lines. */
const lines = (events: readonly HostEvent[]) =>
  events
    .filter((e) => e.type.startsWith("plugin:"))
    .map((e) => {
      const { type, plugin, cause, reason } = e as Record<string, unknown>;
      return [type, plugin, cause ?? reason].filter(Boolean).join(" ");
    })
    .sort();

describe("HotReloadSystem.sync", () => {
  test("an edit, an addition and a deletion: exactly those, then host:synced with the summary", async () => {
    for (const name of ["edited", "kept", "deleted"]) {
      await t.dir.plugin({ name, files: { "index.ts": helloPlugin(`${name} 1`) } });
    }
    const system = await t.host({}, false);
    await t.dir.write("edited/index.ts", helloPlugin("edited 2"));
    await t.dir.plugin({ name: "added", files: { "index.ts": helloPlugin("added 1") } });
    await rm(t.dir.path("deleted"), { recursive: true });
    const mark = t.log.mark;
    const summary = await system.sync();
    const expected = {
      reloaded: ["edited"],
      started: ["added"],
      unloaded: ["deleted"],
      failed: [],
      unchanged: 1,
    };
    expect(summary).toEqual(expected);
    const events = t.log.events.slice(mark);
    expect(lines(events)).toEqual([
      "plugin:reloaded edited manual",
      "plugin:started added",
      "plugin:unloaded deleted deleted",
    ]);
    expect(events.at(-1)).toMatchObject({ type: "host:synced", ...expected });
    expect(await t.call("edited")).toBe("edited 2");
    expect(await t.call("added")).toBe("added 1");
    expect(system.api("deleted")).toBeUndefined();
    // In line with the disk now: a second sync changes nothing.
    expect(await system.sync()).toEqual({
      reloaded: [],
      started: [],
      unloaded: [],
      failed: [],
      unchanged: 3,
    });
  });

  test("a plugin broken on disk is reported failed, and the last good version serves", async () => {
    await t.dir.plugin({ name: "greeter", files: { "index.ts": helloPlugin("good") } });
    const system = await t.host({}, false);
    await t.dir.write("greeter/index.ts", "export default { setup( };");
    expect(await system.sync()).toMatchObject({ reloaded: [], failed: ["greeter"] });
    // Written just now, it may still be mid-save: it is reported once it has been quiet.
    const failed = await t.log.waitFor("plugin:failed");
    expect(failed).toMatchObject({ plugin: "greeter", phase: "import", rolledBack: false });
    expect(await t.call("greeter")).toBe("good");
  });

  test("syncs asked for during a sync share one more, which runs what is on disk last", async () => {
    await t.dir.plugin({ name: "greeter", files: { "index.ts": helloPlugin("one") } });
    const system = await t.host({}, false);
    await t.dir.write("greeter/index.ts", helloPlugin("two"));
    const mark = t.log.mark;
    const first = system.sync();
    const second = system.sync();
    const third = system.sync();
    expect(third).toBe(second);
    // A save made while the first sync runs: the queued sync, which starts after it, sees it.
    await t.log.waitFor("plugin:reloaded", (e) => e.plugin === "greeter", { from: mark });
    await t.dir.write("greeter/index.ts", helloPlugin("three"));
    await Promise.all([first, second]);
    await system.idle();
    const syncs = t.log.events.slice(mark).filter((e) => e.type === "host:synced");
    expect(syncs).toHaveLength(2);
    expect(await t.call("greeter")).toBe("three");
    expect(t.log.of("plugin:failed")).toEqual([]);
  });

  test("is refused before the host has started", () => {
    const early = new HotReloadSystem({ dir: t.dir.root });
    expect(() => early.sync()).toThrow("Cannot use the host before start()");
  });
});
