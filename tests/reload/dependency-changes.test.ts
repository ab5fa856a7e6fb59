import { describe, expect, test } from "bun:test";
import { ISOLATIONS, useHost } from "../support/host-fixture.ts";

/** Answers with the dependencies its generation got, and whether it may wait for `a`. */
const reporter = (extra = "") => `export default {
  setup(ctx) {
    return {
      deps: () => Object.keys(ctx.deps).join(",") || "none",
      waitForA: () => ctx.whenRunning("a").then(() => "ok", (error) => error.message),
    };
  },
  ${extra}
};`;

for (const isolation of ISOLATIONS) {
  describe(`isolation: ${isolation}`, () => {
    const t = useHost(isolation);

    for (const swap of ["overlap", "stop-first"] as const) {
      test(`${swap}: a reload that adds a dependency starts the new code with it`, async () => {
        await t.dir.plugin({ name: "a", files: { "index.ts": reporter() } });
        await t.dir.plugin({ name: "b", manifest: { swap }, files: { "index.ts": reporter() } });
        const system = await t.host({}, false);
        expect(await t.call("b", "deps")).toBe("none");

        await t.dir.plugin({
          name: "b",
          dependsOn: ["a"],
          manifest: { swap },
          files: { "index.ts": `${reporter()}\n// v2` },
        });
        await system.reload("b");
        await system.idle();

        expect(t.log.of("plugin:failed")).toEqual([]);
        expect(await t.call("b", "deps")).toBe("a");
        expect(await t.call("b", "waitForA")).toBe("ok");
        expect(system.status().find((s) => s.name === "b")?.generation).toBe(2);
      });
    }

    for (const swap of ["overlap", "stop-first"] as const) {
      test(`${swap}: a dependency's reload restarts its dependent from a fresh import, state handed on`, async () => {
        await t.dir.plugin({ name: "a", files: { "index.ts": reporter() } });
        // Top-level code runs once per import: a fresh import is a new token.
        const dependent = `const token = crypto.randomUUID();
export default {
  setup: (ctx) => ({ token: () => token, count: () => ctx.state?.count ?? 0 }),
  stop: () => ({ count: 7 }),
  snapshot: () => ({ count: 7 }),
};`;
        await t.dir.plugin({
          name: "b",
          dependsOn: ["a"],
          manifest: { swap },
          files: { "index.ts": dependent },
        });
        const system = await t.host({}, false);
        const before = await t.call("b", "token");

        await t.dir.plugin({ name: "a", files: { "index.ts": `${reporter()}\n// v2` } });
        await system.reload("a");
        await system.idle();

        const reloaded = t.log.of("plugin:reloaded").map((e) => [e.plugin, e.cause]);
        expect(reloaded).toEqual([
          ["a", "manual"],
          ["b", "dependency"],
        ]);
        expect(await t.call("b", "token")).not.toBe(before);
        expect(await t.call("b", "count")).toBe(7);
      });
    }

    test("stop-first: a rolled-back reload restarts the old code with its old dependencies", async () => {
      await t.dir.plugin({ name: "a", files: { "index.ts": reporter() } });
      await t.dir.plugin({ name: "b", files: { "index.ts": reporter() } });
      const system = await t.host({}, false);

      await t.dir.plugin({
        name: "b",
        dependsOn: ["a"],
        files: { "index.ts": reporter(`start() { throw new Error("new code fails"); },`) },
      });
      const mark = t.log.mark;
      await system.reload("b");
      await system.idle();

      const failed = await t.log.waitFor("plugin:failed", (e) => e.plugin === "b", { from: mark });
      expect(failed.rolledBack).toBe(true);
      expect(await t.call("b", "deps")).toBe("none");
      expect(await t.call("b", "waitForA")).toContain("not in b's dependsOn (none)");
      // The old code does not depend on `a`: a reload of `a` leaves it alone.
      const before = t.log.mark;
      await system.reload("a");
      await system.idle();
      const reloaded = t.log.events.slice(before).filter((e) => e.type === "plugin:reloaded");
      expect(reloaded.map((e) => e.plugin)).toEqual(["a"]);
    });
  });
}
