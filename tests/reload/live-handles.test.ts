import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { ISOLATIONS, useHost } from "../support/host-fixture.ts";
import { until } from "../support/until.ts";

/**
 * A dependency whose ping() says which generation answered and whether it had been stopped.
 * Its stop() takes a few milliseconds, as one that closes connections would: the window in
 * which a stop-first reload has no generation serving.
 */
const dependency = (text: string, extra = "") => `let stopped = false;
export default {
  setup(ctx) {
    ${extra}
    return { ping: () => ({ text: ${JSON.stringify(text)}, generation: ctx.generation, stopped }) };
  },
  async stop() {
    stopped = true;
    await new Promise((resolve) => setTimeout(resolve, 3));
  },
};`;

/**
 * Calls its dependency through ctx.deps every millisecond and tallies the outcomes; the tally
 * survives its own restarts (it is its state).
 */
const CALLER = `let stats;
let timer;
export default {
  setup(ctx) {
    stats = ctx.state ?? { ok: 0, late: 0, unavailable: 0, other: [] };
    return { stats: () => stats };
  },
  start(ctx) {
    timer = setInterval(async () => {
      try {
        const answer = await ctx.deps.dep.ping();
        if (answer.stopped) stats.late++;
        else stats.ok++;
      } catch (error) {
        if (error.code === "PLUGIN_UNAVAILABLE") stats.unavailable++;
        else stats.other.push(String(error.message));
      }
    }, 1);
  },
  stop() { clearInterval(timer); return stats; },
};`;

interface Tally {
  ok: number;
  late: number;
  unavailable: number;
  other: string[];
}

for (const isolation of ISOLATIONS) {
  describe(`isolation: ${isolation}`, () => {
    const t = useHost(isolation);

    const setUp = async (swap: "stop-first" | "overlap") => {
      await t.dir.plugin({
        name: "dep",
        manifest: { swap },
        files: { "index.ts": dependency("v1") },
      });
      await t.dir.plugin({ name: "caller", dependsOn: ["dep"], files: { "index.ts": CALLER } });
      return t.host({}, false);
    };

    /** 100 reloads of dep while the caller calls it every millisecond; then the caller's tally. */
    const reloadUnderCalls = async (swap: "stop-first" | "overlap"): Promise<Tally> => {
      const system = await setUp(swap);
      for (let i = 0; i < 100; i++) {
        await system.reload("dep");
        // Pace the reloads so the caller's timer gets turns between them too.
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      await system.idle();
      const reloads = t.log.of("plugin:reloaded").filter((e) => e.plugin === "dep");
      expect(reloads).toHaveLength(100);
      expect(reloads.every((e) => e.swap === swap)).toBe(true);
      return (await t.call("caller", "stats")) as Tally;
    };

    test("stop-first: no call reaches a stopped generation; each refusal is PLUGIN_UNAVAILABLE", async () => {
      const tally = await reloadUnderCalls("stop-first");
      console.info(`live-handles (${isolation}, stop-first): ${JSON.stringify(tally)}`);
      expect(tally.late).toBe(0);
      expect(tally.other).toEqual([]);
      expect(tally.ok).toBeGreaterThan(0);
      const refused = t.system?.status().find((s) => s.name === "dep")?.refusedCalls;
      expect(refused).toBeGreaterThanOrEqual(tally.unavailable);
    }, 60_000);

    test("overlap: no call fails and none reaches a stopped generation", async () => {
      const tally = await reloadUnderCalls("overlap");
      console.info(`live-handles (${isolation}, overlap): ${JSON.stringify(tally)}`);
      expect(tally).toMatchObject({ late: 0, unavailable: 0, other: [] });
      expect(tally.ok).toBeGreaterThan(0);
      const reloads = t.log.of("plugin:reloaded").filter((e) => e.plugin === "dep");
      expect(reloads.every((e) => e.unavailableMs === 0)).toBe(true);
    }, 60_000);

    test("overlap: a failing new generation leaves the old one serving, without a gap", async () => {
      const system = await setUp("overlap");
      await t.dir.write("dep/index.ts", dependency("v2", "throw new Error('v2 is broken');"));
      await expect(system.reload("dep")).resolves.toBeUndefined();
      expect(t.log.of("plugin:failed").at(-1)).toMatchObject({
        plugin: "dep",
        phase: "setup",
        rolledBack: false,
        runningGeneration: 1,
      });
      expect(system.status().find((s) => s.name === "dep")).toMatchObject({
        stale: true,
        generation: 1,
      });
      const handle = system.api("dep") as { ping(): Promise<{ text: string; stopped: boolean }> };
      expect(await handle.ping()).toMatchObject({ text: "v1", stopped: false });
      const tally = (await t.call("caller", "stats")) as Tally;
      expect(tally).toMatchObject({ late: 0, unavailable: 0, other: [] });
    });

    test("a dependent restarting while its dependency is in its stop-first window starts on the dependency's next generation", async () => {
      const marker = t.dir.path("..", "caller-stopping");
      await t.dir.plugin({
        name: "dep",
        files: {
          "index.ts": `export default {
  setup: (ctx) => ({ ping: () => ({ generation: ctx.generation }) }),
  stop: () => new Promise((resolve) => setTimeout(resolve, 400)),
};`,
        },
      });
      await t.dir.plugin({
        name: "caller",
        dependsOn: ["dep"],
        config: { marker },
        files: {
          "index.ts": `import { writeFileSync } from "node:fs";
export default {
  setup: (ctx) => ({ hello: async () => (await ctx.deps.dep.ping()).generation }),
  stop: (ctx) => {
    writeFileSync(ctx.config.marker, "");
    return new Promise((resolve) => setTimeout(resolve, 100));
  },
};`,
        },
      });
      const system = await t.host({}, false);
      // caller stops (100 ms); dep's reload begins meanwhile, so dep has no generation while
      // caller's next one is set up.
      const callerReload = system.reload("caller");
      await until("caller's stop() to begin", () => existsSync(marker));
      const depReload = system.reload("dep");
      await Promise.all([callerReload, depReload]);
      await system.idle();
      expect(t.log.of("plugin:failed")).toEqual([]);
      expect(await t.call("caller")).toBe(2);
    }, 20_000);

    test("a method captured from a handle calls the generation serving when it is called", async () => {
      await t.dir.plugin({ name: "dep", files: { "index.ts": dependency("v1") } });
      const system = await t.host({}, false);
      const { ping } = system.api("dep") as {
        ping(): Promise<{ text: string; generation: number }>;
      };
      expect(await ping()).toMatchObject({ text: "v1", generation: 1 });
      await t.dir.write("dep/index.ts", dependency("v2"));
      await system.reload("dep");
      expect(await ping()).toMatchObject({ text: "v2", generation: 2 });
    });

    test("whenRunning waits for a plugin to serve, or fails after its time-out saying why", async () => {
      await t.dir.plugin({
        name: "waiter",
        dependsOn: ["late"],
        files: {
          "index.ts": `export default {
  async setup(ctx) { return { hello: async () => (await ctx.deps.late.ping()).text }; },
};`,
        },
      });
      const system = await t.host();
      await expect(system.whenRunning("late", { timeoutMs: 50 })).rejects.toThrow(
        "late is unavailable: it is not loaded; it did not run within 50 ms",
      );
      const waiting = system.whenRunning("waiter", { timeoutMs: 10_000 });
      await t.dir.plugin({ name: "late", files: { "index.ts": dependency("here") } });
      const waiter = (await waiting) as { hello(): Promise<string> };
      expect(await waiter.hello()).toBe("here");
    });

    test("ctx.whenRunning lets a plugin wait for a dependency, and only for one", async () => {
      await t.dir.plugin({ name: "dep", files: { "index.ts": dependency("v1") } });
      await t.dir.plugin({
        name: "patient",
        dependsOn: ["dep"],
        files: {
          "index.ts": `export default {
  setup: (ctx) => ({
    hello: async () => (await (await ctx.whenRunning("dep", { timeoutMs: 1000 })).ping()).text,
    stranger: () => ctx.whenRunning("nobody").then(() => "waited", (e) => e.message),
  }),
};`,
        },
      });
      await t.host({}, false);
      expect(await t.call("patient")).toBe("v1");
      expect(await t.call("patient", "stranger")).toBe(
        "Cannot wait for nobody: it is not in patient's dependsOn (dep)",
      );
    });
  });
}
