// The host's side of a plugin worker, through the host: what a worker plugin's own failures,
// logs and dependency calls become. Real workers, real plugins on disk.
import { describe, expect, test } from "bun:test";
import { capturingLogger } from "../../support/capture-log.ts";
import { useHost } from "../../support/host-fixture.ts";
import { helloPlugin } from "../../support/plugin-fixture.ts";

const t = useHost("worker");

/** A plugin that answers hello() and, once started, runs `act` from a timer. */
const timerPlugin = (act: string) => `export default {
  setup: () => ({ hello: () => "up" }),
  start() { setTimeout(() => { ${act} }, 5); },
};`;

// Under `bun test` an uncaught error in a worker ends the worker (an `error` event on it) rather
// than reaching the bootstrap's process handlers, as it does in the CLI (tests/e2e): here all
// three end the worker, which is the case the host must report as one runtime failure.
describe("a worker plugin that ends its worker from its own code", () => {
  test.each([
    ["process.exit(3)", "process.exit(3);", "the worker exited with code 3"],
    ["an uncaught error", 'throw new Error("lost the socket");', "lost the socket"],
    ["an unhandled rejection", 'Promise.reject(new Error("no reply"));', "no reply"],
  ])("%s fails it alone (phase runtime); a save starts it again", async (_, act, message) => {
    await t.dir.plugin({ name: "crashy", files: { "index.ts": timerPlugin(act) } });
    await t.dir.plugin({ name: "steady", files: { "index.ts": helloPlugin("steady") } });
    await t.dir.plugin({
      name: "user",
      dependsOn: ["crashy"],
      files: {
        "index.ts":
          "export default { setup: (ctx) => ({ hello: () => ctx.deps.crashy.hello() }) };",
      },
    });
    const system = await t.host();
    const failed = await t.log.waitFor("plugin:failed", (e) => e.plugin === "crashy");
    expect(failed).toMatchObject({ phase: "runtime", runningGeneration: null });
    expect(failed.message).toContain(message);
    await system.idle();
    // One failure, what it was: not also a stop() that could not run in a worker gone.
    expect(t.log.of("plugin:failed").filter((e) => e.plugin === "crashy")).toHaveLength(1);
    expect(system.status().map((s) => [s.name, s.state])).toEqual([
      ["crashy", "failed"],
      ["steady", "running"],
      ["user", "waiting"],
    ]);
    expect(await t.call("steady")).toBe("steady");
    const mark = t.log.mark;
    await t.dir.write("crashy/index.ts", helloPlugin("fixed"));
    await t.log.waitFor("plugin:started", (e) => e.plugin === "user", { from: mark });
    expect(await t.call("user")).toBe("fixed");
    expect(t.log.events.slice(mark).filter((e) => e.type === "plugin:failed")).toEqual([]);
  });
});

describe("a worker plugin's log", () => {
  test("reaches the host's logger with its level, tagged with the plugin's name", async () => {
    const { logger, lines } = capturingLogger();
    await t.dir.plugin({
      name: "chatty",
      files: {
        "index.ts": `export default {
  setup(ctx) {
    ctx.log.info("an info", { n: 1 });
    ctx.log.warn("a warning");
    ctx.log.error("an error");
    ctx.log.debug("a debug line");
    ctx.log.success("a success");
    ctx.log.withTag("db").info("connected");
    console.log("from console.log");
    console.error("from console.error");
    ctx.log.shout("a level the host has not");
    ctx.log.info("a function", () => 1);
    return {};
  },
};`,
      },
    });
    await t.host({ logger }, false);
    // Logs are events, not replies: the last one is in once setup's answer has come.
    const seen = lines
      .filter((l) => l.tag === "chatty")
      .map((l) => [l.type, ...l.args.map((a) => (typeof a === "string" ? a : JSON.stringify(a)))]);
    expect(seen).toEqual([
      ["info", "an info", '{"n":1}'],
      ["warn", "a warning"],
      ["error", "an error"],
      ["debug", "a debug line"],
      ["success", "a success"],
      ["info", "[db]", "connected"],
      ["log", "from console.log"],
      ["error", "from console.error"],
      ["log", "a level the host has not"],
      // Something in it cannot be cloned: it comes as text.
      ["info", "a function", "() => 1"],
    ]);
  });
});

describe("a worker plugin's calls into its dependencies", () => {
  const dependency = `export default {
  setup: () => ({
    zone: "UTC",
    now() { return "noon"; },
    retire() { this.now = "retired"; },
  }),
};`;
  const user = `export default {
  setup: (ctx) => ({
    hello: () => ctx.deps.clock.now(),
    zone: () => ctx.deps.clock.zone,
    retire: () => ctx.deps.clock.retire(),
  }),
};`;

  test("reach the dependency's API; one no longer a function is a TypeError naming it", async () => {
    await t.dir.plugin({
      name: "clock",
      manifest: { isolation: "none" },
      files: { "index.ts": dependency },
    });
    await t.dir.plugin({ name: "user", dependsOn: ["clock"], files: { "index.ts": user } });
    await t.host({}, false);
    expect(await t.call("user")).toBe("noon");
    expect(await t.call("user", "zone")).toBe("UTC");
    await t.call("user", "retire");
    // Awaited with catch: bun's expect().rejects does not let the worker's messages in.
    const error = await t.call("user").catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: "TypeError",
      message: "Cannot call clock.now() from user: it is not a function",
    });
    expect(await t.call("user", "zone")).toBe("UTC");
  });
});
