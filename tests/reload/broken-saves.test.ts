import { describe, expect, test } from "bun:test";
import { ISOLATIONS, useHost } from "../support/host-fixture.ts";
import { greetingSchema, helloPlugin } from "../support/plugin-fixture.ts";

for (const isolation of ISOLATIONS) {
  describe(`isolation: ${isolation}`, () => {
    const t = useHost(isolation);

    const withConfigSchema = (text: string) => `
  const schema = ${greetingSchema};
  export default {
    configSchema: schema,
    setup: (ctx) => ({ hello: () => ctx.config.greeting + " ${text}" }),
  };`;

    interface BrokenSave {
      readonly name: string;
      readonly phase: string;
      readonly message: string;
      readonly timedOut?: boolean;
      readonly rolledBack?: boolean;
      readonly file?: string;
      /** Writes the broken version. */
      readonly breakIt: (
        write: (path: string, text: string) => Promise<unknown>,
      ) => Promise<unknown>;
    }

    const cases: BrokenSave[] = [
      {
        name: "a syntax error",
        phase: "import",
        message: "plugins/greeter/index.ts:3:",
        file: "greeter/index.ts",
        breakIt: (write) =>
          write("greeter/index.ts", "export default {\n  setup() {\n    return 1 +;\n  },\n};"),
      },
      {
        name: "a throw at import",
        phase: "import",
        message: "boom at import",
        breakIt: (write) => write("greeter/index.ts", "throw new Error('boom at import');"),
      },
      {
        name: "a default export without setup",
        phase: "validate",
        message: "default export: setup: expected a function, got undefined",
        breakIt: (write) => write("greeter/index.ts", "export default { start() {} };"),
      },
      {
        name: "a throw in setup",
        phase: "setup",
        message: "setup exploded",
        rolledBack: true,
        breakIt: (write) =>
          write(
            "greeter/index.ts",
            "export default { setup() { throw new Error('setup exploded'); } };",
          ),
      },
      {
        name: "a start that hangs past the timeout",
        phase: "start",
        message: "did not finish within 300 ms",
        timedOut: true,
        rolledBack: true,
        breakIt: (write) =>
          write(
            "greeter/index.ts",
            "export default { setup: () => ({}), start: () => new Promise(() => {}) };",
          ),
      },
      {
        name: "an invalid manifest",
        phase: "manifest",
        message: 'plugins/greeter/plugin.json: version: expected semver, got "1.x"',
        file: "greeter/plugin.json",
        breakIt: (write) =>
          write("greeter/plugin.json", JSON.stringify({ name: "greeter", version: "1.x" })),
      },
      {
        name: "an invalid config",
        phase: "validate",
        message: "config.greeting: expected a string",
        breakIt: async (write) => {
          await write("greeter/index.ts", withConfigSchema("v2"));
          await write(
            "greeter/plugin.json",
            JSON.stringify({ name: "greeter", version: "1.0.0", config: { greeting: 42 } }),
          );
        },
      },
    ];

    describe("a broken save", () => {
      test.each(cases)("$name leaves the previous generation serving; a fix reloads", async (c) => {
        await t.dir.plugin({ name: "greeter", files: { "index.ts": helloPlugin("good") } });
        const system = await t.host({ timeout: 300 });
        let mark = t.log.mark;
        await c.breakIt((path, text) => t.dir.write(path, text));
        const failed = await t.log.waitFor("plugin:failed", () => true, { from: mark });
        expect(failed).toMatchObject({
          plugin: "greeter",
          phase: c.phase,
          timedOut: c.timedOut ?? false,
          rolledBack: c.rolledBack ?? false,
          runningGeneration: 1,
        });
        expect(failed.message).toContain(c.message);
        if (c.file) expect(failed.file).toBe(c.file);
        await system.idle();
        expect(await t.call("greeter")).toBe("good");
        expect(system.status()).toEqual([
          expect.objectContaining({
            name: "greeter",
            state: "running",
            generation: 1,
            stale: true,
          }),
        ]);
        expect(system.status()[0]?.lastError?.phase).toBe(c.phase);

        mark = t.log.mark;
        await t.dir.write(
          "greeter/plugin.json",
          JSON.stringify({ name: "greeter", version: "1.0.1" }),
        );
        await t.dir.write("greeter/index.ts", helloPlugin("fixed"));
        await t.log.waitFor("plugin:reloaded", (e) => e.version === "1.0.1", { from: mark });
        await system.idle();
        expect(await t.call("greeter")).toBe("fixed");
        expect(system.status()[0]).toMatchObject({ stale: false, lastError: null });
      });

      test("a throw in the new start() rolls back: the old generation runs again with its state", async () => {
        const counter = (extra: string) => `
        let count = 0;
        export default {
          setup(ctx) { count = (ctx.state?.count ?? 0) + 1; return { hello: () => count }; },
          ${extra}
          stop: () => ({ count }),
        };`;
        await t.dir.plugin({ name: "counter", files: { "index.ts": counter("") } });
        const system = await t.host();
        const mark = t.log.mark;
        await t.dir.write("counter/index.ts", counter("start() { throw new Error('no start'); },"));
        const failed = await t.log.waitFor("plugin:failed", () => true, { from: mark });
        expect(failed).toMatchObject({ phase: "start", rolledBack: true, runningGeneration: 1 });
        await system.idle();
        // The old generation restarts with the state the old one handed over ({count: 1}), not
        // with what the failed new one made of it.
        expect(await t.call("counter")).toBe(2);
        expect(system.status()[0]).toMatchObject({ state: "running", generation: 1, stale: true });
        expect(system.getMetrics().rollbackCount).toBe(1);
      });

      test("a timed-out hook has its signal aborted", async () => {
        await t.dir.plugin({
          name: "slow",
          files: {
            "index.ts": `export default {
            setup: () => ({}),
            start: (ctx) => new Promise((resolve) => {
              ctx.signal.addEventListener("abort", () => { globalThis.slowAborted = ctx.signal.reason.message; resolve(); });
            }),
          };`,
          },
        });
        await t.host({ timeout: 100 }, false);
        expect(t.log.of("plugin:failed")[0]).toMatchObject({ phase: "start", timedOut: true });
        expect((globalThis as { slowAborted?: string }).slowAborted).toContain(
          "start() did not finish",
        );
      });
    });

    describe("a reload that goes wrong after validation", () => {
      test("a new dependency that is not running is refused; the old generation serves", async () => {
        await t.dir.plugin({ name: "greeter", files: { "index.ts": helloPlugin("v1") } });
        const system = await t.host();
        const mark = t.log.mark;
        await t.dir.write(
          "greeter/plugin.json",
          JSON.stringify({ name: "greeter", version: "1.0.0", dependsOn: ["ghost"] }),
        );
        const failed = await t.log.waitFor("plugin:failed", () => true, { from: mark });
        expect(failed).toMatchObject({ phase: "dependency", runningGeneration: 1 });
        expect(failed.message).toContain("ghost");
        await system.idle();
        expect(await t.call("greeter")).toBe("v1");
      });

      test("a stop() that throws is reported, and the new generation still starts", async () => {
        const grumpy = (text: string) =>
          `export default { setup: () => ({ hello: () => "${text}" }), stop() { throw new Error("stop broke"); } };`;
        await t.dir.plugin({ name: "greeter", files: { "index.ts": grumpy("v1") } });
        await t.host();
        const mark = t.log.mark;
        await t.dir.write("greeter/index.ts", grumpy("v2"));
        await t.log.waitFor("plugin:reloaded", () => true, { from: mark });
        expect(t.log.events.slice(mark).find((e) => e.type === "plugin:failed")).toMatchObject({
          phase: "stop",
        });
        expect(await t.call("greeter")).toBe("v2");
      });

      test("when the rollback fails too, the plugin is failed and its dependents wait", async () => {
        // The old code starts once, then refuses: the rollback's second start of it fails.
        const once = `export default { setup() {
        if (globalThis.startedOnce) throw new Error("cannot start twice");
        globalThis.startedOnce = true;
        return { hello: () => "v1" };
      } };`;
        (globalThis as { startedOnce?: boolean }).startedOnce = false;
        await t.dir.plugin({ name: "base", files: { "index.ts": once } });
        await t.dir.plugin({
          name: "user",
          dependsOn: ["base"],
          files: {
            "index.ts":
              "export default { setup: (ctx) => ({ hello: () => ctx.deps.base.hello() }) };",
          },
        });
        const system = await t.host();
        const mark = t.log.mark;
        await t.dir.write(
          "base/index.ts",
          "export default { setup() { throw new Error('v2 broken'); } };",
        );
        const failed = await t.log.waitFor("plugin:failed", (e) => e.plugin === "base", {
          from: mark,
        });
        expect(failed).toMatchObject({
          phase: "setup",
          rolledBack: false,
          runningGeneration: null,
        });
        await system.idle();
        expect(system.status().map((s) => [s.name, s.state])).toEqual([
          ["base", "failed"],
          ["user", "waiting"],
        ]);
      });
    });
  });
}
