// system.sync(), the library's SIGHUP: every plugin read from disk again, like nginx's reload.
// In `start()` mode (no watcher), so nothing but the sync can have caused what follows it.
import { describe, expect, test } from "bun:test";
import { rm } from "node:fs/promises";
import type { HostEvent } from "../../src/host-events.ts";
import { createLogger } from "../../src/logger.ts";
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

  test("syncs asked for during a sync share one more, which starts after it and reads the disk", async () => {
    // greeter's stop() waits at a gate the test opens: the first sync is held mid-reload.
    let entered: () => void = () => {};
    const stopping = new Promise<void>((resolve) => (entered = resolve));
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    const scope = globalThis as { syncGate?: () => Promise<void> };
    scope.syncGate = () => {
      entered();
      return gate;
    };
    const gated = (text: string) => `export default {
  setup: () => ({ hello: () => ${JSON.stringify(text)} }),
  async stop() { await globalThis.syncGate?.(); },
};`;
    try {
      await t.dir.plugin({ name: "greeter", files: { "index.ts": gated("one") } });
      const system = await t.host({}, false);
      await t.dir.write("greeter/index.ts", gated("two"));
      const mark = t.log.mark;
      const first = system.sync();
      await stopping;
      const second = system.sync();
      const third = system.sync();
      expect(third).toBe(second);
      await t.dir.write("greeter/index.ts", gated("three"));
      open();
      expect(await first).toMatchObject({ reloaded: ["greeter"], failed: [] });
      await second;
      await system.idle();
      expect(t.log.events.slice(mark).filter((e) => e.type === "host:synced")).toHaveLength(2);
      expect(await t.call("greeter")).toBe("three");
      expect(t.log.of("plugin:failed")).toEqual([]);
    } finally {
      open();
      delete scope.syncGate;
    }
  });

  test("asked for while plugins start, it waits for them, then compares them with the disk", async () => {
    await t.dir.plugin({ name: "greeter", files: { "index.ts": helloPlugin("one") } });
    const system = new HotReloadSystem({ dir: t.dir.root, logger: createLogger("silent") });
    t.system = system;
    system.on(t.log.listener);
    const starting = system.start();
    const summary = await system.sync();
    await starting;
    expect(summary).toEqual({ reloaded: [], started: [], unloaded: [], failed: [], unchanged: 1 });
    const types = t.log.events.map((e) => e.type);
    expect(types.indexOf("host:synced")).toBeGreaterThan(types.indexOf("host:ready"));
    expect(await t.call("greeter")).toBe("one");
  });

  test("during or after shutdown it starts nothing and says nothing", async () => {
    await t.dir.plugin({ name: "greeter", files: { "index.ts": helloPlugin("one") } });
    const system = await t.host({}, false);
    await t.dir.plugin({ name: "late", files: { "index.ts": helloPlugin("late") } });
    const stopping = system.shutdown();
    const during = system.sync();
    await stopping;
    const after = await system.sync();
    const nothing = { reloaded: [], started: [], unloaded: [], failed: [], unchanged: 0 };
    expect(await during).toEqual(nothing);
    expect(after).toEqual(nothing);
    await system.reloadAll();
    expect(t.log.of("plugin:started").map((e) => e.plugin)).toEqual(["greeter"]);
    expect(t.log.of("host:synced")).toEqual([]);
    expect(system.api("late")).toBeUndefined();
  });

  test("is refused before the host has started", () => {
    const early = new HotReloadSystem({ dir: t.dir.root });
    expect(() => early.sync()).toThrow("Cannot use the host before start()");
  });
});
