import { describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../support/free-port.ts";
import { ISOLATIONS, useHost } from "../support/host-fixture.ts";
import { until } from "../support/until.ts";

/**
 * Probation: for a while after a swap the previous code stays ready, and a new generation that
 * fails in that window is rolled back to it on its own, with the state its stop() returns.
 */
const plugin = (version: string, extra = "") => `export default {
  setup(ctx) {
    const count = ctx.state?.count ?? 0;
    return { version: () => ${JSON.stringify(version)}, count: () => count };
  },
  stop(ctx) { return { count: (ctx.state?.count ?? 0) + 1 }; },
  ${extra}
};`;

for (const isolation of ISOLATIONS) {
  describe(`isolation: ${isolation}`, () => {
    const t = useHost(isolation);

    test("an uncaught error from the new generation rolls it back; the old code serves with its state", async () => {
      await t.dir.plugin({ name: "p", files: { "index.ts": plugin("v1") } });
      const system = await t.host({ probation: 2000 }, false);
      // In a worker the error ends its worker, 200 ms after start(). In-process, the test hands
      // the host what the CLI's uncaughtException handler would (bun test keeps its own).
      const failing =
        isolation === "worker"
          ? plugin("v2", 'start() { setTimeout(() => { throw new Error("late"); }, 200); },')
          : plugin("v2").replace("return {", 'return { makeError: () => new Error("late"),');
      await t.dir.plugin({ name: "p", files: { "index.ts": failing } });
      const mark = t.log.mark;
      await system.reload("p");
      expect(await t.call("p", "version")).toBe("v2");
      if (isolation === "none")
        expect(system.handleUncaught(await t.call("p", "makeError"))).toBe("p");
      const failed = await t.log.waitFor("plugin:failed", (e) => e.plugin === "p", { from: mark });
      expect(failed).toMatchObject({
        phase: "probation",
        rolledBack: true,
        runningGeneration: 1,
      });
      expect(failed.message).toContain("p: generation 2 failed its probation: an uncaught error: ");
      expect(failed.message).toContain("late");
      await system.idle();
      expect(await t.call("p", "version")).toBe("v1");
      // v1 stopped (count 1), v2 stopped (count 2): the state came through. A worker that died
      // runs no stop(): v1 gets the state v2 was started with.
      expect(await t.call("p", "count")).toBe(isolation === "worker" ? 1 : 2);
      const [status] = system.status();
      expect(status).toMatchObject({
        state: "running",
        stale: true,
        generation: 1,
        probation: null,
      });
    });

    test("an unhealthy health() rolls back", async () => {
      await t.dir.plugin({ name: "p", files: { "index.ts": plugin("v1") } });
      const system = await t.host({ probation: 1000 }, false);
      await t.dir.plugin({
        name: "p",
        files: {
          "index.ts": plugin("v2", 'health() { return { ok: false, message: "db down" }; },'),
        },
      });
      const mark = t.log.mark;
      await system.reload("p");
      const failed = await t.log.waitFor("plugin:failed", (e) => e.plugin === "p", { from: mark });
      expect(failed.message).toContain("health() said not ok: db down");
      await system.idle();
      expect(await t.call("p", "version")).toBe("v1");
    });

    test("a serving generation answering mostly 500s is rolled back", async () => {
      const port = await freePort();
      const web = (version: string, status: number) => `export default {
  setup: () => ({}),
  fetch: () => new Response(${JSON.stringify(version)}, { status: ${status} }),
};`;
      await t.dir.plugin({
        name: "web",
        manifest: { listen: port },
        files: { "index.ts": web("v1", 200) },
      });
      const system = await t.host({ probation: 3000 }, false);
      await t.dir.plugin({
        name: "web",
        manifest: { listen: port },
        files: { "index.ts": web("v2", 500) },
      });
      const mark = t.log.mark;
      await system.reload("web");
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await fetch(`http://127.0.0.1:${port}/`)).status);
      expect(statuses.every((status) => status === 500)).toBe(true);
      const failed = await t.log.waitFor("plugin:failed", (e) => e.plugin === "web", {
        from: mark,
      });
      expect(failed.message).toMatch(/\d+ of its \d+ answers were 5xx/);
      await system.idle();
      const after = await fetch(`http://127.0.0.1:${port}/`);
      expect([after.status, await after.text()]).toEqual([200, "v1"]);
    });

    test("a generation that survives its window is kept, and the next save is judged against it", async () => {
      await t.dir.plugin({ name: "p", files: { "index.ts": plugin("v1") } });
      const system = await t.host({ probation: 100 }, false);
      await t.dir.plugin({ name: "p", files: { "index.ts": plugin("v2") } });
      await system.reload("p");
      expect(system.status()[0]?.probation).toMatchObject({ generation: 2, lastGood: 1 });
      await until("the window to end", () => system.status()[0]?.probation === null);
      await t.dir.plugin({
        name: "p",
        files: { "index.ts": plugin("v3", "health() { return { ok: false }; },") },
      });
      const mark = t.log.mark;
      await system.reload("p");
      const failed = await t.log.waitFor("plugin:failed", (e) => e.plugin === "p", { from: mark });
      expect(failed).toMatchObject({ phase: "probation", runningGeneration: 2 });
      await system.idle();
      expect(await t.call("p", "version")).toBe("v2");
    });

    test("a save during a window puts the newer generation on trial against the same last good code", async () => {
      await t.dir.plugin({ name: "p", files: { "index.ts": plugin("v1") } });
      const system = await t.host({ probation: 2000 }, false);
      await t.dir.plugin({ name: "p", files: { "index.ts": plugin("v2") } });
      await system.reload("p");
      await t.dir.plugin({
        name: "p",
        files: { "index.ts": plugin("v3", 'health() { return { ok: false, message: "no" }; },') },
      });
      const mark = t.log.mark;
      await system.reload("p");
      expect(system.status()[0]?.probation).toMatchObject({ generation: 3, lastGood: 1 });
      const failed = await t.log.waitFor("plugin:failed", (e) => e.plugin === "p", { from: mark });
      expect(failed).toMatchObject({ phase: "probation", runningGeneration: 1 });
      await system.idle();
      expect(await t.call("p", "version")).toBe("v1");
    });
  });
}

describe("memory on probation", () => {
  test("500 generations that each pass their window keep RSS flat, in-process and in a worker", async () => {
    const child = join(import.meta.dir, "..", "runtime", "children", "probation-memory.ts");
    const run = async (isolation: "none" | "worker") => {
      const dir = await mkdtemp(join(tmpdir(), `hotplug-probation-${isolation}-`));
      try {
        const proc = Bun.spawn([process.execPath, child, dir, isolation, "20", "500", "wait"], {
          stdout: "pipe",
          stderr: "pipe",
        });
        const [out, err] = await Promise.all([
          new Response(proc.stdout).text(),
          new Response(proc.stderr).text(),
        ]);
        if ((await proc.exited) !== 0) throw new Error(err);
        return JSON.parse(out) as { rss: number[]; size: number };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    };
    // One after the other: two children growing heaps side by side on 2 cores measure each
    // other's garbage collection as much as their own memory.
    for (const { rss, size } of [await run("none"), await run("worker")]) {
      expect(size).toBe(10_000);
      // From the first quarter to the last: a kept generation per reload would be 40 MB here.
      const growth = ((rss.at(-1) as number) - (rss[0] as number)) / 2 ** 20;
      expect(growth).toBeLessThan(10);
    }
  }, 120_000);
});
