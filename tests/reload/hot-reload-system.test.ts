import { describe, expect, test } from "bun:test";
import { utimes } from "node:fs/promises";
import { ISOLATIONS, useHost } from "../support/host-fixture.ts";
import { helloPlugin } from "../support/plugin-fixture.ts";

for (const isolation of ISOLATIONS) {
  describe(`isolation: ${isolation}`, () => {
    const t = useHost(isolation);

    describe("HotReloadSystem: edits", () => {
      test("an edit reloads the plugin and its new code answers", async () => {
        await t.dir.plugin({ name: "greeter", files: { "index.ts": helloPlugin("v1") } });
        await t.host();
        expect(t.log.of("host:ready")[0]).toMatchObject({ plugins: ["greeter"], failed: [] });
        expect(await t.call("greeter")).toBe("v1");
        const mark = t.log.mark;
        await t.dir.write("greeter/index.ts", helloPlugin("v2"));
        const reloaded = await t.log.waitFor("plugin:reloaded", () => true, { from: mark });
        expect(reloaded).toMatchObject({ plugin: "greeter", generation: 2, cause: "change" });
        expect(reloaded.files).toEqual(["greeter/index.ts"]);
        expect(await t.call("greeter")).toBe("v2");
      });

      test("a data file its setup() reads reloads it; a touch of its code does not", async () => {
        const reader = `import { readFileSync } from "node:fs";
export default {
  setup: () => {
    const text = readFileSync(new URL("./data.txt", import.meta.url), "utf8");
    return { hello: () => text };
  },
};`;
        await t.dir.plugin({ name: "reader", files: { "index.ts": reader, "data.txt": "one" } });
        await t.dir.plugin({ name: "sentinel", files: { "index.ts": helloPlugin("s0") } });
        await t.host();
        expect(await t.call("reader")).toBe("one");
        let mark = t.log.mark;
        await t.dir.write("reader/data.txt", "two");
        await t.log.waitFor("plugin:reloaded", (e) => e.plugin === "reader", { from: mark });
        expect(await t.call("reader")).toBe("two");
        mark = t.log.mark;
        const later = new Date(Date.now() + 60_000);
        await utimes(t.dir.path("reader", "index.ts"), later, later);
        // Events come in order: once the sentinel's later save has reloaded, the touch was seen.
        await t.dir.write("sentinel/index.ts", helloPlugin("s1"));
        await t.log.waitFor("plugin:reloaded", (e) => e.plugin === "sentinel", { from: mark });
        expect(t.log.events.slice(mark).map((e) => e.type)).toEqual(["plugin:reloaded"]);
      });

      test("a test beside a plugin, and its snapshots, are not part of it: saving them reloads nothing", async () => {
        await t.dir.plugin({ name: "greeter", files: { "index.ts": helloPlugin("v1") } });
        await t.dir.plugin({ name: "sentinel", files: { "index.ts": helloPlugin("s0") } });
        await t.host();
        const mark = t.log.mark;
        await t.dir.write("greeter/index.test.ts", "// a test of greeter\n");
        await t.dir.write("greeter/__snapshots__/index.test.ts.snap", "// snapshot\n");
        // Events come in order: once the sentinel's later save has reloaded, both were seen.
        await t.dir.write("sentinel/index.ts", helloPlugin("s1"));
        await t.log.waitFor("plugin:reloaded", (e) => e.plugin === "sentinel", { from: mark });
        expect(t.log.events.slice(mark).map((e) => e.type)).toEqual(["plugin:reloaded"]);
      });

      test("50 rapid saves give one reload running the last content", async () => {
        await t.dir.plugin({ name: "greeter", files: { "index.ts": helloPlugin("v0") } });
        await t.dir.plugin({ name: "sentinel", files: { "index.ts": helloPlugin("s0") } });
        // A generous debounce: the 50 writes must land inside one window even on a loaded machine.
        const system = await t.host({ debounceInterval: 500, maxWait: 10_000 });
        const mark = t.log.mark;
        for (let i = 1; i <= 50; i++) await t.dir.write("greeter/index.ts", helloPlugin(`v${i}`));
        await t.log.waitFor("plugin:reloaded", (e) => e.plugin === "greeter", { from: mark });
        // Events are ordered: once the sentinel's later edit has reloaded, no storm event is left.
        await t.dir.write("sentinel/index.ts", helloPlugin("s1"));
        await t.log.waitFor("plugin:reloaded", (e) => e.plugin === "sentinel", { from: mark });
        await system.idle();
        const reloads = t.log.of("plugin:reloaded").filter((e) => e.plugin === "greeter");
        expect(reloads).toHaveLength(1);
        expect(reloads[0]?.files).toEqual(["greeter/index.ts"]);
        expect(await t.call("greeter")).toBe("v50");
        // How many file events the 50 writes make is the watcher's business (it may fold them
        // into one), so debounceHitCount is not promised here; the deadline queue's tests count
        // hits with a fake clock. What is promised: the storm and the sentinel, two reloads.
        expect(system.getMetrics()).toMatchObject({ reloadCount: 2, errorCount: 0 });
      });

      test("editing a shared helper reloads exactly the plugins that import it", async () => {
        await t.dir.write("_shared/util.ts", "export const word = 'old';");
        const usesHelper =
          "import { word } from '../_shared/util.ts';\nexport default { setup: () => ({ hello: () => word }) };";
        await t.dir.plugin({ name: "a", files: { "index.ts": usesHelper } });
        await t.dir.plugin({ name: "b", files: { "index.ts": usesHelper } });
        await t.dir.plugin({ name: "c", files: { "index.ts": helloPlugin("c") } });
        const system = await t.host();
        const mark = t.log.mark;
        await t.dir.write("_shared/util.ts", "export const word = 'new';");
        await t.log.waitFor("plugin:reloaded", (e) => e.plugin === "a", { from: mark });
        await t.log.waitFor("plugin:reloaded", (e) => e.plugin === "b", { from: mark });
        await system.idle();
        const reloaded = t.log.events.slice(mark).filter((e) => e.type === "plugin:reloaded");
        expect(reloaded.map((e) => (e as { plugin: string }).plugin).sort()).toEqual(["a", "b"]);
        expect([await t.call("a"), await t.call("b"), await t.call("c")]).toEqual([
          "new",
          "new",
          "c",
        ]);
      });

      test("state returned by stop() reaches the next generation", async () => {
        const counter = (step: number) => `
        let count = 0;
        export default {
          setup(ctx) {
            count = (ctx.state?.count ?? 0) + ${step};
            return { hello: () => count };
          },
          stop: () => ({ count }),
        };`;
        await t.dir.plugin({ name: "counter", files: { "index.ts": counter(1) } });
        await t.host();
        expect(await t.call("counter")).toBe(1);
        for (const expected of [11, 21]) {
          const mark = t.log.mark;
          await t.dir.write("counter/index.ts", `${counter(10)}\n// ${expected}`);
          await t.log.waitFor("plugin:reloaded", () => true, { from: mark });
          expect(await t.call("counter")).toBe(expected);
        }
      });
    });

    describe("HotReloadSystem: start-up", () => {
      test("a save made while plugins are still starting is reloaded once they are ready", async () => {
        await t.dir.plugin({ name: "greeter", files: { "index.ts": helloPlugin("v1") } });
        const slowSetup =
          "export default { setup: () => new Promise((r) => setTimeout(() => r({}), 300)) };";
        await t.dir.plugin({ name: "slow", files: { "index.ts": slowSetup } });
        const starting = t.host();
        await t.log.waitFor("plugin:started", (e) => e.plugin === "greeter");
        await t.dir.write("greeter/index.ts", helloPlugin("v2"));
        await starting;
        await t.log.waitFor("plugin:reloaded", (e) => e.plugin === "greeter");
        expect(await t.call("greeter")).toBe("v2");
      });
    });
  });
}
