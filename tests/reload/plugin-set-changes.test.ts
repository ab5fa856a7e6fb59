import { describe, expect, test } from "bun:test";
import { rename, rm } from "node:fs/promises";
import { ISOLATIONS, useHost } from "../support/host-fixture.ts";
import { helloPlugin } from "../support/plugin-fixture.ts";

for (const isolation of ISOLATIONS) {
  describe(`isolation: ${isolation}`, () => {
    const t = useHost(isolation);

    /** A plugin whose API says hello with its dependency's answer. */
    const dependent = (dep: string) =>
      `export default { setup: (ctx) => ({ hello: async () => "uses " + (await ctx.deps[${JSON.stringify(dep)}].hello()) }) };`;

    describe("the set of plugins changes", () => {
      test("after a dependency reloads, its dependents get the new API, in order, once", async () => {
        await t.dir.plugin({ name: "clock", files: { "index.ts": helloPlugin("t1") } });
        await t.dir.plugin({
          name: "mid",
          dependsOn: ["clock"],
          files: { "index.ts": dependent("clock") },
        });
        const top = `export default { setup: (ctx) => ({ hello: async () => (await ctx.deps.mid.hello()) + " + " + (await ctx.deps.clock.hello()) }) };`;
        await t.dir.plugin({
          name: "top",
          dependsOn: ["clock", "mid"],
          files: { "index.ts": top },
        });
        const system = await t.host();
        expect(await t.call("top")).toBe("uses t1 + t1");
        const mark = t.log.mark;
        await t.dir.write("clock/index.ts", helloPlugin("t2"));
        await t.log.waitFor("plugin:reloaded", (e) => e.plugin === "top", { from: mark });
        await system.idle();
        const reloads = t.log.events.slice(mark).filter((e) => e.type === "plugin:reloaded");
        expect(
          reloads.map((e) => [(e as { plugin: string }).plugin, (e as { cause: string }).cause]),
        ).toEqual([
          ["clock", "change"],
          ["mid", "dependency"],
          ["top", "dependency"],
        ]);
        expect(await t.call("top")).toBe("uses t2 + t2");
      });

      test("a deleted plugin unloads, its dependents wait, and both return with it", async () => {
        await t.dir.plugin({ name: "clock", files: { "index.ts": helloPlugin("t1") } });
        await t.dir.plugin({
          name: "user",
          dependsOn: ["clock"],
          files: { "index.ts": dependent("clock") },
        });
        const system = await t.host();
        let mark = t.log.mark;
        await rm(t.dir.path("clock"), { recursive: true });
        await t.log.waitFor("plugin:unloaded", (e) => e.plugin === "clock", { from: mark });
        await system.idle();
        expect(t.log.of("plugin:unloaded")[0]).toMatchObject({ reason: "deleted" });
        expect(system.status().map((s) => [s.name, s.state])).toEqual([["user", "waiting"]]);
        // Its handle refuses at once, saying why, rather than reaching a stopped generation.
        const user = system.api("user") as { hello(): unknown };
        expect(() => user.hello()).toThrow("user is unavailable: it waits for a dependency");

        mark = t.log.mark;
        await t.dir.plugin({ name: "clock", files: { "index.ts": helloPlugin("t2") } });
        await t.log.waitFor("plugin:started", (e) => e.plugin === "user", { from: mark });
        expect(await t.call("user")).toBe("uses t2");
        expect(system.status().map((s) => [s.name, s.state])).toEqual([
          ["clock", "running"],
          ["user", "running"],
        ]);
      });

      test("a new folder with a plugin.json loads", async () => {
        await t.dir.plugin({ name: "first", files: { "index.ts": helloPlugin("1") } });
        await t.host();
        const mark = t.log.mark;
        await t.dir.plugin({ name: "second", files: { "index.ts": helloPlugin("2") } });
        await t.log.waitFor("plugin:started", (e) => e.plugin === "second", { from: mark });
        expect(await t.call("second")).toBe("2");
      });

      test("changing `name` is an unload of the old name and a load of the new", async () => {
        await t.dir.plugin(
          { name: "old-name", files: { "index.ts": helloPlugin("hi") } },
          "folder",
        );
        const system = await t.host();
        const mark = t.log.mark;
        await t.dir.write(
          "folder/plugin.json",
          JSON.stringify({ name: "new-name", version: "1.0.0" }),
        );
        await t.log.waitFor("plugin:started", (e) => e.plugin === "new-name", { from: mark });
        expect(t.log.of("plugin:unloaded")).toMatchObject([{ plugin: "old-name" }]);
        expect(system.status().map((s) => s.name)).toEqual(["new-name"]);
        expect(await t.call("new-name")).toBe("hi");
      });

      test("renaming a plugin's folder keeps it running under the new folder", async () => {
        await t.dir.plugin({ name: "greeter", files: { "index.ts": helloPlugin("hi") } });
        const system = await t.host();
        const mark = t.log.mark;
        await rename(t.dir.path("greeter"), t.dir.path("greeter-2"));
        await t.log.waitFor("plugin:started", (e) => e.plugin === "greeter", { from: mark });
        await system.idle();
        expect(system.status()).toMatchObject([
          { name: "greeter", state: "running", dir: t.dir.path("greeter-2") },
        ]);
      });

      test("a new folder using a running plugin's name is refused, naming both", async () => {
        await t.dir.plugin({ name: "twin", files: { "index.ts": helloPlugin("first") } }, "one");
        const system = await t.host();
        const mark = t.log.mark;
        await t.dir.plugin({ name: "twin", files: { "index.ts": helloPlugin("second") } }, "two");
        const failed = await t.log.waitFor("plugin:failed", () => true, { from: mark });
        expect(failed).toMatchObject({ plugin: "twin", phase: "manifest" });
        expect(failed.message).toContain(
          'plugins/two/plugin.json: name: "twin" is already used by plugins/one',
        );
        await system.idle();
        expect(await t.call("twin")).toBe("first");
      });

      test("`enabled: false` unloads a plugin, `true` loads it again", async () => {
        await t.dir.plugin({ name: "greeter", files: { "index.ts": helloPlugin("hi") } });
        const system = await t.host();
        let mark = t.log.mark;
        await t.dir.write(
          "greeter/plugin.json",
          JSON.stringify({ name: "greeter", version: "1.0.0", enabled: false }),
        );
        await t.log.waitFor("plugin:unloaded", (e) => e.reason === "disabled", { from: mark });
        expect(system.status()).toEqual([]);
        mark = t.log.mark;
        await t.dir.write(
          "greeter/plugin.json",
          JSON.stringify({ name: "greeter", version: "1.0.0", enabled: true }),
        );
        await t.log.waitFor("plugin:started", () => true, { from: mark });
        expect(await t.call("greeter")).toBe("hi");
      });

      test("after a random burst of edits across 20 plugins, every plugin runs what is on disk", async () => {
        const names = Array.from({ length: 20 }, (_, i) => `p${i}`);
        for (const name of names)
          await t.dir.plugin({ name, files: { "index.ts": helloPlugin(`${name}:0`) } });
        const system = await t.host({ debounceInterval: 10, maxConcurrentReloads: 3 });
        let seed = 42;
        const random = () => {
          seed = (seed * 1103515245 + 12345) % 2 ** 31;
          return seed / 2 ** 31;
        };
        const last = new Map(names.map((name) => [name, `${name}:0`]));
        for (let edit = 1; edit <= 200; edit++) {
          const name = names[Math.floor(random() * names.length)] as string;
          last.set(name, `${name}:${edit}`);
          await t.dir.write(`${name}/index.ts`, helloPlugin(`${name}:${edit}`));
          if (random() < 0.1) await Bun.sleep(random() * 30); // let some reloads overlap edits
        }
        const serving = async () =>
          Object.fromEntries(
            await Promise.all(names.map(async (name) => [name, await t.call(name)])),
          );
        // Each reload may be the last one: look again after every reload until all serve their last edit.
        const deadline = Date.now() + 15_000;
        for (let mark = t.log.mark; ; mark = t.log.mark) {
          await system.idle();
          const values = await serving();
          if (names.every((name) => values[name] === last.get(name)) || Date.now() > deadline)
            break;
          await t.log
            .waitFor("plugin:reloaded", () => true, {
              from: mark,
              timeoutMs: deadline - Date.now(),
            })
            .catch(() => undefined);
        }
        expect(await serving()).toEqual(Object.fromEntries(last));
        expect(t.log.of("plugin:failed")).toEqual([]);
      });
    });
  });
}

// Observes setup() through globalThis, which a worker does not share with the host.
describe("in-process", () => {
  const t = useHost("none");
  test("no more than `maxConcurrentReloads` setups ever run at once", async () => {
    const slow = `export default {
    async setup() {
      const g = globalThis;
      g.active = (g.active ?? 0) + 1;
      g.maxActive = Math.max(g.maxActive ?? 0, g.active);
      await new Promise((resolve) => setTimeout(resolve, 20));
      g.active--;
      return {};
    },
  };`;
    for (let i = 0; i < 8; i++) await t.dir.plugin({ name: `p${i}`, files: { "index.ts": slow } });
    const system = await t.host({ maxConcurrentReloads: 2 });
    const g = globalThis as { maxActive?: number };
    g.maxActive = 0;
    for (let i = 0; i < 8; i++) await t.dir.write(`p${i}/index.ts`, `${slow}\n// edit`);
    await t.log.waitFor("plugin:reloaded", () => t.log.of("plugin:reloaded").length === 8);
    await system.idle();
    expect(g.maxActive).toBe(2);
  });
});
