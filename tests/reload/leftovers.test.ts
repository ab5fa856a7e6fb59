import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { ISOLATIONS, useHost } from "../support/host-fixture.ts";
import { until } from "../support/until.ts";

/**
 * A generation leaves nothing running: what its code forgot is reported after its stop(),
 * with the line that made it, and with `clear` ended. The forgetful plugin's interval appends
 * its generation to a file, so which generations still tick can be read from both sides of a
 * worker boundary.
 */
const forgetful = (version: number) => `import { appendFileSync } from "node:fs";
const ticks = new URL("./ticks.log", import.meta.url);
export default {
  setup(ctx) {
    setInterval(() => { try { appendFileSync(ticks, ctx.generation + "\\n"); } catch {} }, 5);
    process.on("SIGUSR2", () => {});
    return { version: () => ${version} };
  },
};`;

const tidy = (version: number) => `export default {
  setup(ctx) {
    const timer = setInterval(() => {}, 5);
    const onSignal = () => {};
    process.on("SIGUSR2", onSignal);
    ctx.signal.addEventListener("abort", () => {
      clearInterval(timer);
      process.off("SIGUSR2", onSignal);
    });
    return { version: () => ${version} };
  },
};`;

for (const isolation of ISOLATIONS) {
  describe(`isolation: ${isolation}`, () => {
    const t = useHost(isolation);

    test("a forgotten interval and process listener are reported with their line, and cleared", async () => {
      await t.dir.plugin({ name: "leaky", files: { "index.ts": forgetful(0) } });
      const system = await t.host({ leftovers: "clear" }, false);
      for (let n = 1; n <= 10; n++) {
        await t.dir.plugin({ name: "leaky", files: { "index.ts": forgetful(n) } });
        await system.reload("leaky");
      }
      const warnings = t.log.of("plugin:warning");
      const intervals = warnings.filter((w) => w.leftovers?.kind === "interval");
      expect(intervals).toHaveLength(10);
      expect(intervals[0]).toMatchObject({
        plugin: "leaky",
        kind: "leftovers",
        file: "leaky/index.ts",
        line: 5,
        message:
          "leaky generation 1 left 1 interval running (plugins/leaky/index.ts:5:5); cleared it",
      });
      expect(warnings.filter((w) => w.leftovers?.kind === "process-listener")).toHaveLength(10);
      expect(system.status()[0]?.warnings.length).toBeGreaterThan(0);

      // Over the next ticks, only the serving generation's interval runs: one, never ten.
      const log = t.dir.path("leaky", "ticks.log");
      const before = existsSync(log) ? readFileSync(log, "utf8").length : 0;
      const since = () => readFileSync(log, "utf8").slice(before).trim().split("\n");
      await until("20 ticks after the last reload", () => existsSync(log) && since().length >= 20);
      const ticking = new Set(since());
      expect([...ticking]).toEqual(["11"]);
    });

    test("a plugin that cleans up in stop() leaves nothing to report over 100 reloads", async () => {
      await t.dir.plugin({ name: "tidy", files: { "index.ts": tidy(0) } });
      const system = await t.host({ leftovers: "clear" }, false);
      for (let n = 1; n <= 100; n++) {
        await t.dir.plugin({ name: "tidy", files: { "index.ts": tidy(n) } });
        await system.reload("tidy");
      }
      expect(await t.call("tidy", "version")).toBe(100);
      expect(t.log.of("plugin:warning")).toEqual([]);
    }, 30_000);

    test("off records nothing and reports nothing", async () => {
      await t.dir.plugin({ name: "leaky", files: { "index.ts": forgetful(0) } });
      const system = await t.host({ leftovers: "off" }, false);
      await t.dir.plugin({ name: "leaky", files: { "index.ts": forgetful(1) } });
      await system.reload("leaky");
      expect(t.log.of("plugin:reloaded")).toHaveLength(1);
      expect(t.log.of("plugin:warning")).toEqual([]);
    });

    test("warn reports what was left, without the word cleared", async () => {
      await t.dir.plugin({ name: "leaky", files: { "index.ts": forgetful(0) } });
      const system = await t.host({ leftovers: "warn" }, false);
      await t.dir.plugin({ name: "leaky", files: { "index.ts": forgetful(1) } });
      await system.reload("leaky");
      const [warning] = t.log.of("plugin:warning");
      expect(warning?.message).toBe(
        "leaky generation 1 left 1 interval running (plugins/leaky/index.ts:5:5)",
      );
    });
  });
}
