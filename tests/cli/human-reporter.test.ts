import { expect, test } from "bun:test";
import { join } from "node:path";
import { humanReporter } from "../../src/cli/human-reporter.ts";
import type { HostEvent } from "../../src/host-events.ts";
import { createLogger } from "../../src/logger.ts";

const logged = (event: HostEvent) => {
  const chunks: string[] = [];
  humanReporter(createLogger("info", { write: (text) => chunks.push(text), color: false }))(event);
  return chunks.join("");
};

const cwd = process.cwd();
const failed = (extra: Partial<Extract<HostEvent, { type: "plugin:failed" }>>): HostEvent => ({
  type: "plugin:failed",
  time: "2026-01-01T00:00:00.000Z",
  plugin: "greeter",
  phase: "import",
  message: "greeter: plugins/greeter/index.ts:7:20: Expected ; (and 11 more errors)",
  timedOut: false,
  rolledBack: false,
  runningGeneration: 3,
  ...extra,
});

test("a build's errors each with a code frame, relative to the working directory", () => {
  const file = join(cwd, "plugins", "greeter", "index.ts");
  const problem = (line: number, message: string) => ({
    message,
    location: { file, line, column: 3, lineText: "a b" },
    frame: `${line} | a b\n  |   ^`,
  });
  const errors = [problem(7, "Expected ;"), problem(8, "Unexpected b")];
  const text = logged(
    failed({ report: { message: "Expected ;", ...errors[0], stack: [], errors, more: 10 } }),
  );
  expect(text).toBe(
    [
      "✖ greeter failed in import: plugins/greeter/index.ts:7:20: Expected ; (and 11 more errors)",
      "  7 | a b",
      "    |   ^",
      "  plugins/greeter/index.ts:8:3: Unexpected b",
      "  8 | a b",
      "    |   ^",
      "  and 10 more",
      "generation 3 keeps running (stale)",
      "",
    ].join("\n"),
  );
});

test("a hook error: its frame, then the plugin's stack; paths outside stay absolute", () => {
  const helper = join(cwd, "plugins", "greeter", "lib.ts");
  const text = logged(
    failed({
      phase: "setup",
      message: "greeter: setup() failed: boom",
      rolledBack: true,
      report: {
        message: "boom",
        location: { file: helper, line: 2, column: 9, lineText: "  throw x;" },
        frame: "2 |   throw x;\n  |         ^",
        stack: [
          { fn: "parse", file: helper, line: 2, column: 9 },
          { file: "/elsewhere/plugins/greeter/index.ts", line: 4, column: 1 },
        ],
        errors: [],
        more: 0,
      },
    }),
  );
  expect(text).toBe(
    [
      "✖ greeter failed in setup: setup() failed: boom",
      "  2 |   throw x;",
      "    |         ^",
      "      at parse (plugins/greeter/lib.ts:2:9)",
      "      at /elsewhere/plugins/greeter/index.ts:4:1",
      "rolled back: generation 3 runs again",
      "",
    ].join("\n"),
  );
});

test("no report: the message alone", () => {
  const text = logged(failed({ phase: "manifest", message: "plugins/a/plugin.json: bad" }));
  expect(text).toBe(
    "✖ greeter failed in manifest: plugins/a/plugin.json: bad\ngeneration 3 keeps running (stale)\n",
  );
});

test("one line for each of the other events", () => {
  const time = "2026-01-01T00:00:00.000Z";
  const events: HostEvent[] = [
    { type: "host:ready", time, dir: cwd, watcher: "native", plugins: ["a"], failed: ["b"] },
    { type: "host:ready", time, dir: join(cwd, "plugins"), watcher: null, plugins: [], failed: [] },
    {
      type: "plugin:started",
      time,
      plugin: "a",
      version: "1.0.0",
      generation: 1,
      durationMs: 1.25,
      isolation: "none",
    },
    {
      type: "plugin:reloaded",
      time,
      plugin: "a",
      version: "1.0.1",
      generation: 2,
      durationMs: 2,
      isolation: "none",
      swap: "stop-first",
      unavailableMs: 0,
      cause: "change",
      files: ["plugins/a/index.ts"],
    },
    {
      type: "plugin:reloaded",
      time,
      plugin: "a",
      version: "1.0.1",
      generation: 3,
      durationMs: 2,
      isolation: "none",
      swap: "stop-first",
      unavailableMs: 0,
      cause: "dependency",
      files: [],
    },
    {
      type: "plugin:reloaded",
      time,
      plugin: "w",
      version: "1.0.0",
      generation: 4,
      durationMs: 3,
      isolation: "worker",
      swap: "overlap",
      unavailableMs: 0,
      cause: "manual",
      files: [],
    },
    {
      type: "host:synced",
      time,
      reloaded: ["a"],
      started: [],
      unloaded: ["b"],
      failed: [],
      unchanged: 2,
    },
    { type: "plugin:unloaded", time, plugin: "a", reason: "deleted" },
    { type: "plugin:unloaded", time, plugin: "a", reason: "shutdown" },
    { type: "watcher:fallback", time, from: "native", to: "poll", reason: "ENOSPC" },
    { type: "host:stopped", time, metrics: {} },
  ];
  expect(events.map(logged).join("")).toBe(
    [
      "✔ hotplug watching . (native): 1 running, not running: b",
      "✔ hotplug serving plugins: 0 running",
      "✔ a 1.0.0 started (generation 1) in 1.3 ms",
      "✔ a 1.0.1 reloaded (generation 2) in 2.0 ms after plugins/a/index.ts",
      "✔ a 1.0.1 reloaded (generation 3) in 2.0 ms (dependency)",
      "✔ w 1.0.0 reloaded (generation 4, in a worker, overlap) in 3.0 ms (manual)",
      "ℹ synced with the disk: reloaded a; unloaded b; 2 unchanged",
      "ℹ a unloaded (deleted)",
      "⚠ watcher: native -> poll: ENOSPC",
      "ℹ hotplug stopped",
      "",
    ].join("\n"),
  );
});

test("a plugin that is not running, after a time-out", () => {
  const text = logged(
    failed({ phase: "setup", timedOut: true, runningGeneration: null, message: "greeter: slow" }),
  );
  expect(text).toBe("✖ greeter failed in setup (timed out): slow\nit is not running\n");
});
