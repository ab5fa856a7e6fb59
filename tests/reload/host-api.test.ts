import { describe, expect, test } from "bun:test";
import { createConsola, type LogObject } from "consola";
import { EventBus } from "../../src/event-bus.ts";
import { HotReloadSystem } from "../../src/reload/hot-reload-system.ts";
import { useHost } from "../support/host-fixture.ts";
import { helloPlugin } from "../support/plugin-fixture.ts";

const t = useHost();

/** A logger whose lines the test can read (consola's reporter hook). */
function capturingLogger() {
  const lines: LogObject[] = [];
  const logger = createConsola({ reporters: [{ log: (entry) => void lines.push(entry) }] });
  const text = () => lines.map((l) => `${l.tag} ${l.args.map(String).join(" ")}`).join("\n");
  return { logger, lines, text };
}

/** A plugin whose API can make an Error inside the plugin's own code. */
const crashable = `export default {
  setup: () => ({ hello: () => "up", makeError: () => new Error("lost a socket") }),
};`;

describe("HotReloadSystem API", () => {
  test("handleUncaught fails only the plugin whose code threw; its dependents wait", async () => {
    await t.dir.plugin({ name: "crashy", files: { "index.ts": crashable } });
    await t.dir.plugin({
      name: "user",
      dependsOn: ["crashy"],
      files: {
        "index.ts":
          "export default { setup: (ctx) => ({ hello: () => ctx.deps.crashy.hello() }) };",
      },
    });
    await t.dir.plugin({ name: "other", files: { "index.ts": helloPlugin("other") } });
    const system = await t.host();
    const error = await t.call("crashy", "makeError");
    expect(system.handleUncaught(error)).toBe("crashy");
    expect(system.handleUncaught(new Error("from the host itself"))).toBeUndefined();
    await t.log.waitFor("plugin:failed", (e) => e.plugin === "crashy" && e.phase === "runtime");
    await system.idle();
    expect(system.status().map((s) => [s.name, s.state])).toEqual([
      ["crashy", "failed"],
      ["other", "running"],
      ["user", "waiting"],
    ]);
    const mark = t.log.mark;
    await t.dir.write("crashy/index.ts", `${crashable}\n// fixed`);
    await t.log.waitFor("plugin:started", (e) => e.plugin === "user", { from: mark });
    expect(await t.call("user")).toBe("up");
  });

  test("reloadAll reloads every plugin once, by hand", async () => {
    await t.dir.plugin({ name: "a", files: { "index.ts": helloPlugin("a") } });
    await t.dir.plugin({ name: "b", files: { "index.ts": helloPlugin("b") } });
    const system = await t.host({}, false);
    await system.reloadAll();
    expect(
      t.log
        .of("plugin:reloaded")
        .map((e) => [e.plugin, e.cause])
        .sort(),
    ).toEqual([
      ["a", "manual"],
      ["b", "manual"],
    ]);
  });

  test("a missing plugins folder, a second start and use before start are refused", async () => {
    const missing = new HotReloadSystem({ dir: t.dir.path("nowhere") });
    await expect(missing.start()).rejects.toThrow("plugins folder");
    await expect(missing.start()).rejects.toThrow("Cannot start: this host was started before");
    const early = new HotReloadSystem({ dir: t.dir.root });
    expect(() => early.health("x")).toThrow("Cannot use the host before start()");
    expect(early.status()).toEqual([]);
  });

  test("healthInterval checks running plugins and logs the unhealthy ones", async () => {
    const capture = capturingLogger();
    await t.dir.plugin({
      name: "sick",
      files: {
        "index.ts":
          "export default { setup: () => ({}), health: () => ({ ok: false, message: 'disk full' }) };",
      },
    });
    await t.dir.plugin({
      name: "throws",
      files: {
        "index.ts":
          "export default { setup: () => ({}), health() { throw new Error('probe broke'); } };",
      },
    });
    await t.host({ healthInterval: 20, logger: capture.logger }, false);
    const deadline = Date.now() + 5000;
    while (!(capture.text().includes("disk full") && capture.text().includes("probe broke"))) {
      if (Date.now() > deadline) throw new Error(`no health warnings:\n${capture.text()}`);
      await Bun.sleep(10); // polling the captured log, bounded by the deadline
    }
    expect(capture.text()).toContain("sick unhealthy: disk full");
    expect(capture.text()).toContain("throws unhealthy: probe broke");
  });
});

describe("EventBus", () => {
  test("a listener that throws is reported and the others still get the event", () => {
    const errors: unknown[] = [];
    const bus = new EventBus((error) => errors.push(error));
    const seen: string[] = [];
    bus.on(() => {
      throw new Error("bad listener");
    });
    const off = bus.on((event) => seen.push(event.type));
    bus.emit("plugin:unloaded", { plugin: "a", reason: "deleted" });
    off();
    bus.emit("plugin:unloaded", { plugin: "b", reason: "deleted" });
    expect(seen).toEqual(["plugin:unloaded"]);
    expect(errors).toHaveLength(2);
  });
});
