import { describe, expect, test } from "bun:test";
import { ISOLATIONS, useHost } from "../support/host-fixture.ts";
import { helloPlugin } from "../support/plugin-fixture.ts";

for (const isolation of ISOLATIONS) {
  describe(`isolation: ${isolation}`, () => {
    const t = useHost(isolation);

    describe("starting plugins", () => {
      test("dependencies start first and dependents receive their setup() results", async () => {
        await t.dir.plugin({
          name: "b-user",
          dependsOn: ["z-clock"],
          files: {
            "index.ts":
              "export default { setup: (ctx) => ({ hello: async () => await ctx.deps['z-clock'].now }) };",
          },
        });
        await t.dir.plugin({
          name: "z-clock",
          files: { "index.ts": "export default { setup: () => ({ now: 42 }) };" },
        });
        await t.host({}, false);
        expect(t.log.of("plugin:started").map((e) => e.plugin)).toEqual(["z-clock", "b-user"]);
        expect(await t.call("b-user")).toBe(42);
      });

      test("ctx carries name, version, generation, config, log and a live signal", async () => {
        await t.dir.plugin({
          name: "inspect",
          version: "2.3.4",
          config: { level: 3 },
          files: {
            "index.ts": `export default { setup: (ctx) => ({ hello: () => ({
            name: ctx.name, version: ctx.version, generation: ctx.generation, config: ctx.config,
            state: ctx.state, deps: ctx.deps, aborted: ctx.signal.aborted, log: typeof ctx.log.info,
          }) }) };`,
          },
        });
        await t.host({}, false);
        expect(await t.call("inspect")).toEqual({
          name: "inspect",
          version: "2.3.4",
          generation: 1,
          config: { level: 3 },
          state: undefined,
          deps: {},
          aborted: false,
          log: "function",
        });
      });

      test.each([
        ["import", "throw new Error('bad import');", "bad import"],
        ["setup", "export default { setup() { throw new Error('bad setup'); } };", "bad setup"],
        [
          "start",
          "export default { setup: () => ({}), start() { throw new Error('bad start'); } };",
          "bad start",
        ],
      ])("a throw at %s is reported and the other plugins run", async (phase, code, message) => {
        await t.dir.plugin({ name: "broken", files: { "index.ts": code } });
        await t.dir.plugin({ name: "fine", files: { "index.ts": helloPlugin("ok") } });
        const system = await t.host({}, false);
        expect(t.log.of("plugin:failed")).toMatchObject([
          { plugin: "broken", phase, rolledBack: false, runningGeneration: null },
        ]);
        expect(t.log.of("plugin:failed")[0]?.message).toContain(message);
        expect(t.log.of("host:ready")).toMatchObject([{ plugins: ["fine"], failed: ["broken"] }]);
        expect(system.status().find((s) => s.name === "broken")?.state).toBe("failed");
        expect(await t.call("fine")).toBe("ok");
      });

      test("a throw in stop() is reported at shutdown, and shutdown completes", async () => {
        await t.dir.plugin({
          name: "grumpy",
          files: {
            "index.ts":
              "export default { setup: () => ({}), stop() { throw new Error('no stop'); } };",
          },
        });
        const system = await t.host({}, false);
        await system.shutdown();
        expect(t.log.of("plugin:failed")).toMatchObject([{ plugin: "grumpy", phase: "stop" }]);
        expect(t.log.of("plugin:unloaded")).toMatchObject([
          { plugin: "grumpy", reason: "shutdown" },
        ]);
        expect(t.log.events.at(-1)?.type).toBe("host:stopped");
      });

      test("a setup that hangs past the timeout is aborted and the host goes on", async () => {
        await t.dir.plugin({
          name: "hangs",
          files: { "index.ts": "export default { setup: () => new Promise(() => {}) };" },
        });
        await t.dir.plugin({ name: "fine", files: { "index.ts": helloPlugin("ok") } });
        await t.host({ timeout: 100 }, false);
        expect(t.log.of("plugin:failed")).toMatchObject([
          { plugin: "hangs", phase: "setup", timedOut: true },
        ]);
        expect(await t.call("fine")).toBe("ok");
      });

      test("a dependency cycle is reported naming the plugins; none of them starts", async () => {
        await t.dir.plugin({
          name: "a",
          dependsOn: ["b"],
          files: { "index.ts": helloPlugin("a") },
        });
        await t.dir.plugin({
          name: "b",
          dependsOn: ["a"],
          files: { "index.ts": helloPlugin("b") },
        });
        await t.dir.plugin({ name: "c", files: { "index.ts": helloPlugin("c") } });
        await t.host({}, false);
        const failed = t.log.of("plugin:failed");
        expect(failed.map((e) => [e.plugin, e.phase])).toEqual([
          ["a", "dependency"],
          ["b", "dependency"],
        ]);
        expect(failed[0]?.message).toContain("a -> b -> a");
        expect(t.log.of("host:ready")).toMatchObject([{ plugins: ["c"], failed: ["a", "b"] }]);
      });

      test("a missing dependency leaves the plugin waiting, naming what it waits for", async () => {
        await t.dir.plugin({
          name: "user",
          dependsOn: ["ghost"],
          files: { "index.ts": helloPlugin("u") },
        });
        const system = await t.host({}, false);
        expect(t.log.of("plugin:failed")).toMatchObject([{ plugin: "user", phase: "dependency" }]);
        expect(t.log.of("plugin:failed")[0]?.message).toContain("ghost");
        expect(system.status()).toMatchObject([{ name: "user", state: "waiting" }]);
      });

      test("two folders with the same name: the second is refused naming both files", async () => {
        await t.dir.plugin({ name: "twin", files: { "index.ts": helloPlugin("1") } }, "one");
        await t.dir.plugin({ name: "twin", files: { "index.ts": helloPlugin("2") } }, "two");
        await t.host({}, false);
        const [failed] = t.log.of("plugin:failed");
        expect(failed).toMatchObject({ plugin: "twin", phase: "manifest" });
        expect(failed?.message).toContain("plugins/two/plugin.json");
        expect(failed?.message).toContain("plugins/one/plugin.json");
        expect(await t.call("twin")).toBe("1");
      });

      test("health() asks the plugin, and reports plugins that are not running", async () => {
        await t.dir.plugin({
          name: "checked",
          files: {
            "index.ts":
              "export default { setup: () => ({}), health: () => ({ ok: false, message: 'disk full' }) };",
          },
        });
        await t.dir.plugin({ name: "plain", files: { "index.ts": helloPlugin("p") } });
        const system = await t.host({}, false);
        expect(await system.health("checked")).toEqual({ ok: false, message: "disk full" });
        expect(await system.health("plain")).toEqual({ ok: true });
        expect(await system.health("nobody")).toEqual({
          ok: false,
          message: "nobody is not loaded",
        });
      });

      test("manual reload(name) re-imports from disk; an unknown name is refused", async () => {
        await t.dir.plugin({ name: "greeter", files: { "index.ts": helloPlugin("v1") } });
        const system = await t.host({}, false);
        await t.dir.write("greeter/index.ts", helloPlugin("v2"));
        await system.reload("greeter");
        expect(t.log.of("plugin:reloaded")).toMatchObject([
          { plugin: "greeter", cause: "manual", generation: 2 },
        ]);
        expect(await t.call("greeter")).toBe("v2");
        await expect(system.reload("nobody")).rejects.toThrow(
          "Cannot reload nobody: no such plugin",
        );
      });
    });
  });
}

// Observes stop() through globalThis, which a worker does not share with the host.
describe("in-process", () => {
  const t = useHost("none");
  test("plugins stop in reverse dependency order at shutdown", async () => {
    const stopper = (dep?: string) => `export default {
    setup: () => ({}),
    stop: (ctx) => { (globalThis.stops ??= []).push(ctx.name); },
  }; ${dep ?? ""}`;
    await t.dir.plugin({ name: "base", files: { "index.ts": stopper() } });
    await t.dir.plugin({ name: "app", dependsOn: ["mid"], files: { "index.ts": stopper() } });
    await t.dir.plugin({ name: "mid", dependsOn: ["base"], files: { "index.ts": stopper() } });
    const system = await t.host({}, false);
    const g = globalThis as { stops?: string[] };
    g.stops = [];
    await system.shutdown();
    expect(g.stops).toEqual(["app", "mid", "base"]);
    expect(t.log.of("plugin:unloaded").map((e) => e.plugin)).toEqual(["app", "mid", "base"]);
  });
});
