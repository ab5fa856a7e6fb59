// Worker isolation end to end through the CLI: what a runaway or crashing plugin does to the
// host when it runs in its own Worker. Every wait has a deadline; "the host kept working" is
// proved by another plugin's timer, whose ticks are counted on stderr.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { CliProcess, killLeftovers } from "../support/cli-process.ts";
import { PluginsDir } from "../support/plugin-fixture.ts";

let dir: PluginsDir;
let dev: CliProcess | undefined;
beforeEach(async () => {
  dir = await PluginsDir.create();
});
afterEach(async () => {
  await killLeftovers();
  await dir.dispose();
});

/** An in-process plugin that logs a numbered TICK every 20 ms: the host's pulse. */
const TICKER = `let n = 0;
let timer;
export default {
  setup: () => ({}),
  start(ctx) { timer = setInterval(() => ctx.log.info("TICK " + ++n), 20); },
  stop() { clearInterval(timer); },
};`;

const worker = (name: string, files: Record<string, string>, dependsOn?: string[]) =>
  dir.plugin({
    name,
    files,
    manifest: { isolation: "worker" },
    ...(dependsOn ? { dependsOn } : {}),
  });

/** `body` runs in setup(); the generation logs MARK <text> with the state it was handed. */
const marked = (text: string, body = "", stop = "return { count: (ctx.state?.count ?? 0) + 1 };") =>
  `export default {
  setup(ctx) {
    ctx.log.info("MARK ${text} state=" + JSON.stringify(ctx.state ?? null));
    ${body}
    return { text: ${JSON.stringify(text)} };
  },
  stop(ctx) { ${stop} },
};`;

const ticks = () => dev?.stderr.match(/TICK \d+/g)?.length ?? 0;

/** CPU seconds the host process has used so far (user + system), from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function start(extra: string[] = []): Promise<CliProcess> {
  dev = CliProcess.cli([
    "dev",
    dir.root,
    "--json",
    "--debounce",
    "20",
    "--timeout",
    "300",
    ...extra,
  ]);
  await dev.waitFor((e) => e.type === "host:ready", { timeoutMs: 20_000 });
  return dev;
}

describe("a worker plugin that runs away", () => {
  test("an endless loop in setup() is ended at the time-out, and a save bringing one back rolls back", async () => {
    await dir.plugin({ name: "ticker", files: { "index.ts": TICKER } });
    await worker("looper", { "index.ts": marked("never", "for (;;) {}") });
    const host = await start();
    expect(host.events.find((e) => e.type === "plugin:failed")).toMatchObject({
      plugin: "looper",
      phase: "setup",
      timedOut: true,
      runningGeneration: null,
    });
    // The looping thread is gone: over the next second (50 ticks), a live one would burn a
    // whole core, the host alone a few percent of one.
    const before = cpuSeconds(host.proc.pid);
    await host.waitForStderr(`TICK ${ticks() + 50}\n`);
    const used = cpuSeconds(host.proc.pid) - before;
    console.info(`worker-isolation: host CPU over 50 ticks after the time-out: ${used} s`);
    expect(used).toBeLessThan(0.5);

    let mark = host.mark;
    await dir.write("looper/index.ts", marked("v1"));
    await host.waitFor((e) => e.type === "plugin:started" && e.plugin === "looper", { from: mark });
    await host.waitForStderr("MARK v1 state=null");

    mark = host.mark;
    const ticksAtSave = ticks();
    await dir.write("looper/index.ts", marked("v2", "for (;;) {}"));
    const failed = await host.waitFor((e) => e.type === "plugin:failed" && e.plugin === "looper", {
      from: mark,
    });
    expect(failed).toMatchObject({
      phase: "setup",
      timedOut: true,
      rolledBack: true,
      runningGeneration: 1,
    });
    // The host's own timers ran while the loop did: it spun in another thread.
    expect(ticks() - ticksAtSave).toBeGreaterThanOrEqual(3);
    // Rolled back: the previous code, with the state its stop() handed over.
    await host.waitForStderr('MARK v1 state={"count":1}');
    expect(await host.stop("SIGINT")).toBe(0);
  }, 30_000);
});

describe("a worker plugin that crashes", () => {
  test.each([
    ["process.exit(3)", "setTimeout(() => process.exit(3), 30);", "exited with code 3"],
    [
      "an uncaught timer error",
      "setTimeout(() => { throw new Error('timer broke'); }, 30);",
      "timer broke",
    ],
    [
      "an unhandled rejection",
      "setTimeout(() => Promise.reject(new Error('promise broke')), 30);",
      "promise broke",
    ],
  ])(
    "%s fails that plugin alone; the host keeps running; a save starts it again",
    async (_, body, message) => {
      await dir.plugin({ name: "ticker", files: { "index.ts": TICKER } });
      await worker("crasher", { "index.ts": marked("v1", body) });
      await dir.plugin({
        name: "fan",
        dependsOn: ["crasher"],
        files: { "index.ts": "export default { setup: () => ({}) };" },
      });
      const host = await start();
      const failed = await host.waitFor((e) => e.type === "plugin:failed" && e.phase === "runtime");
      expect(failed).toMatchObject({ plugin: "crasher", runningGeneration: null });
      expect(failed.message as string).toContain(message);
      // Its dependent waits for it; the host goes on.
      await host.waitFor(
        (e) => e.type === "plugin:failed" && e.plugin === "fan" && e.phase === "dependency",
      );
      await host.waitForStderr(`TICK ${ticks() + 3}\n`);
      const mark = host.mark;
      await dir.write("crasher/index.ts", marked("v2"));
      await host.waitFor((e) => e.type === "plugin:started" && e.plugin === "crasher", {
        from: mark,
      });
      await host.waitFor((e) => e.type === "plugin:started" && e.plugin === "fan", { from: mark });
      expect(await host.stop("SIGINT")).toBe(0);
    },
    30_000,
  );
});

describe("across the worker boundary", () => {
  test("state crosses generations; a state that cannot be cloned fails stop(), naming its type", async () => {
    await worker("keeper", { "index.ts": marked("v1") });
    const host = await start();
    await host.waitForStderr("MARK v1 state=null");
    let mark = host.mark;
    await dir.write("keeper/index.ts", marked("v2", "", "return { count: 7, handler: () => 1 };"));
    await host.waitFor((e) => e.type === "plugin:reloaded" && e.plugin === "keeper", {
      from: mark,
    });
    await host.waitForStderr('MARK v2 state={"count":1}');
    mark = host.mark;
    await dir.write("keeper/index.ts", marked("v3"));
    const failed = await host.waitFor((e) => e.type === "plugin:failed" && e.plugin === "keeper", {
      from: mark,
    });
    expect(failed.phase).toBe("stop");
    expect(failed.message as string).toContain(
      "a function (at .handler) cannot be structured-cloned",
    );
    await host.waitFor((e) => e.type === "plugin:reloaded" && e.plugin === "keeper", {
      from: mark,
    });
    await host.waitForStderr("MARK v3 state=null");
    expect(await host.stop("SIGINT")).toBe(0);
  }, 30_000);

  test("dependencies work both ways between a worker plugin and in-process ones", async () => {
    await dir.plugin({
      name: "clock",
      files: { "index.ts": "export default { setup: () => ({ now: () => 42, zone: 'UTC' }) };" },
    });
    await worker(
      "doubler",
      {
        "index.ts": `export default {
  async setup(ctx) {
    const now = await ctx.deps.clock.now();
    ctx.log.info("MARK doubler sees " + now + " " + (await ctx.deps.clock.zone));
    return { double: (x) => x * 2, seen: now };
  },
};`,
      },
      ["clock"],
    );
    await dir.plugin({
      name: "user",
      dependsOn: ["doubler"],
      files: {
        "index.ts": `export default {
  async setup(ctx) {
    ctx.log.info("MARK user sees " + (await ctx.deps.doubler.double(21)) + " " + (await ctx.deps.doubler.seen));
    return {};
  },
};`,
      },
    });
    const host = await start();
    await host.waitForStderr("MARK doubler sees 42 UTC");
    await host.waitForStderr("MARK user sees 42 42");
    expect(
      host.events.filter((e) => e.type === "plugin:started").map((e) => [e.plugin, e.isolation]),
    ).toEqual([
      ["clock", "none"],
      ["doubler", "worker"],
      ["user", "none"],
    ]);
    expect(await host.stop("SIGINT")).toBe(0);
  }, 30_000);

  test("--isolation worker runs every plugin whose manifest does not say in a worker", async () => {
    await dir.plugin({ name: "plain", files: { "index.ts": marked("plain") } });
    await dir.plugin({
      name: "pinned",
      files: { "index.ts": marked("pinned") },
      manifest: { isolation: "none" },
    });
    const host = await start(["--isolation", "worker"]);
    const started = host.events.filter((e) => e.type === "plugin:started");
    expect(started.map((e) => [e.plugin, e.isolation])).toEqual([
      ["pinned", "none"],
      ["plain", "worker"],
    ]);
    expect(await host.stop("SIGINT")).toBe(0);
  }, 30_000);
});
