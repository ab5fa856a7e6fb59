import { expect, test } from "bun:test";
import type { HostEvent } from "../../src/host-events.ts";
import { PluginEventLog } from "../../src/testing/plugin-event-log.ts";
import { FakeClock } from "../schedule/fake-clock.ts";

const time = "2026-01-01T00:00:00.000Z";
const paths = { from: "/tmp/hotplug-testing-x", to: "/project/plugins" };

const reloaded = (plugin: string, files: string[]): HostEvent => ({
  type: "plugin:reloaded",
  time,
  plugin,
  version: "1.0.0",
  generation: 2,
  durationMs: 1,
  isolation: "none",
  swap: "stop-first",
  unavailableMs: 0,
  cause: "change",
  files,
});

test("keeps the plugin's own events, as --json has them, paths relative to its real plugins folder", () => {
  const log = new PluginEventLog("greeter", paths, new FakeClock());
  log.listener({
    type: "host:ready",
    time,
    dir: paths.from,
    watcher: "native",
    plugins: [],
    failed: [],
  });
  log.listener(reloaded("clock", ["clock/index.js"]));
  log.listener(reloaded("greeter", ["../../project/plugins/_shared/format.ts"]));
  log.listener({
    type: "plugin:failed",
    time,
    plugin: "greeter",
    phase: "import",
    message: "greeter: plugins/greeter/index.ts:1:2: Unexpected }",
    file: "../../project/plugins/greeter/index.ts",
    line: 1,
    column: 2,
    timedOut: false,
    rolledBack: false,
    runningGeneration: 2,
    report: { message: "Unexpected }", stack: [], errors: [], more: 0 },
  });
  log.listener({ type: "plugin:unloaded", time, plugin: "greeter", reason: "shutdown" });

  expect(log.events).toEqual([
    expect.objectContaining({ type: "plugin:reloaded", files: ["_shared/format.ts"] }),
    {
      type: "plugin:failed",
      time,
      plugin: "greeter",
      phase: "import",
      message: "greeter: plugins/greeter/index.ts:1:2: Unexpected }",
      file: "greeter/index.ts",
      line: 1,
      column: 2,
      timedOut: false,
      rolledBack: false,
      runningGeneration: 2,
    },
    { type: "plugin:unloaded", time, plugin: "greeter", reason: "shutdown" },
  ]);
});

test("nextOutcome waits past other events for a reload's outcome", async () => {
  const log = new PluginEventLog("greeter", paths, new FakeClock());
  const mark = log.mark;
  const outcome = log.nextOutcome(mark, 1000);
  log.listener({
    type: "plugin:warning",
    time,
    plugin: "greeter",
    kind: "leftovers",
    message: "x",
  });
  log.listener(reloaded("greeter", []));
  expect(await outcome).toMatchObject({ type: "plugin:reloaded", plugin: "greeter" });
  // Already there: at once.
  expect(await log.nextOutcome(mark, 1000)).toMatchObject({ type: "plugin:reloaded" });
  expect(log.outcomeSince(log.mark)).toBeUndefined();
});

test("nextOutcome gives up at its deadline, and leaves no timer armed", async () => {
  const clock = new FakeClock();
  const log = new PluginEventLog("greeter", paths, clock);
  const outcome = log.nextOutcome(log.mark, 1000);
  clock.tick(999);
  log.listener({ type: "plugin:unloaded", time, plugin: "greeter", reason: "deleted" });
  clock.tick(1);
  expect(await outcome).toBeUndefined();
  expect(clock.pendingTimers).toBe(0);

  const second = log.nextOutcome(log.mark, 1000);
  log.listener(reloaded("greeter", []));
  await second;
  expect(clock.pendingTimers).toBe(0);
});
