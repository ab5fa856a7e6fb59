// How changes become reloads: the settle rule for saves caught half-written, and what follows
// a dependency's reload. Through the library API.
import { describe, expect, test } from "bun:test";
import { writeFile } from "node:fs/promises";
import { useHost } from "../support/host-fixture.ts";
import { helloPlugin } from "../support/plugin-fixture.ts";

const t = useHost();

describe("a save caught half-written (the settle rule)", () => {
  test("truncate, then the content 40 ms later: one reload, no plugin:failed", async () => {
    await t.dir.plugin({ name: "greeter", files: { "index.ts": helloPlugin("v1") } });
    const system = await t.host();
    const mark = t.log.mark;
    const entry = t.dir.path("greeter", "index.ts");
    // An editor saving in place: the file emptied, then written. The reload that the truncate
    // starts (debounce 20 ms) reads the empty file.
    await writeFile(entry, "");
    await new Promise((resolve) => setTimeout(resolve, 40));
    await writeFile(entry, helloPlugin("v2"));
    await t.log.waitFor("plugin:reloaded", (e) => e.plugin === "greeter", { from: mark });
    await system.idle();
    const events = t.log.events.slice(mark).filter((e) => e.type.startsWith("plugin:"));
    expect(events.map((e) => e.type)).toEqual(["plugin:reloaded"]);
    expect(await t.call("greeter")).toBe("v2");
  });

  test("an entry left empty is reported, once it has been quiet", async () => {
    await t.dir.plugin({ name: "greeter", files: { "index.ts": helloPlugin("v1") } });
    const system = await t.host();
    const mark = t.log.mark;
    await t.dir.write("greeter/index.ts", "");
    const failed = await t.log.waitFor("plugin:failed", () => true, { from: mark });
    expect(failed).toMatchObject({ plugin: "greeter", phase: "validate", runningGeneration: 1 });
    await system.idle();
    expect(await t.call("greeter")).toBe("v1");
  });
});

describe("after a dependency reloads", () => {
  test("a dependent whose setup() fails with the new API is reported; the dependency runs its new code", async () => {
    const clock = (api: string) => `export default { setup: () => (${api}) };`;
    await t.dir.plugin({ name: "clock", files: { "index.ts": clock("{ now: () => 'noon' }") } });
    await t.dir.plugin({
      name: "user",
      dependsOn: ["clock"],
      files: {
        "index.ts": `export default { setup(ctx) {
          if (typeof ctx.deps.clock.now !== "function") throw new Error("clock has no now()");
          return { hello: () => "it is " + ctx.deps.clock.now() };
        } };`,
      },
    });
    const system = await t.host();
    expect(await t.call("user")).toBe("it is noon");
    const mark = t.log.mark;
    await t.dir.write("clock/index.ts", clock("{ time: 'noon' }"));
    const failed = await t.log.waitFor("plugin:failed", (e) => e.plugin === "user", { from: mark });
    expect(failed).toMatchObject({
      phase: "setup",
      message: expect.stringContaining("clock has no now()"),
    });
    await system.idle();
    expect(t.log.events.slice(mark).filter((e) => e.type === "plugin:reloaded")).toMatchObject([
      { plugin: "clock", cause: "change" },
    ]);
    expect(system.status().map((s) => [s.name, s.state])).toEqual([
      ["clock", "running"],
      ["user", "failed"],
    ]);
    expect((system.api("clock") as { time: string }).time).toBe("noon");
  });
});
