import { expect, test } from "bun:test";
import { jsonReporter } from "../../src/cli/json-reporter.ts";
import type { HostEvent } from "../../src/host-events.ts";

test("plugin:failed goes out with its location and frame, without the in-process report", () => {
  const lines: string[] = [];
  const event: HostEvent = {
    type: "plugin:failed",
    time: "2026-01-01T00:00:00.000Z",
    plugin: "a",
    phase: "setup",
    message: "a: setup() failed: boom",
    file: "a/index.ts",
    line: 3,
    column: 5,
    frame: "3 | boom()\n  |     ^",
    timedOut: false,
    rolledBack: false,
    runningGeneration: null,
    report: { message: "boom", stack: [], errors: [], more: 0 },
  };
  jsonReporter((line) => lines.push(line))(event);
  const { report: _, ...wire } = event;
  expect(lines).toEqual([`${JSON.stringify(wire)}\n`]);
  jsonReporter((line) => lines.push(line))({ type: "host:stopped", time: "t", metrics: {} });
  expect(lines[1]).toBe('{"type":"host:stopped","time":"t","metrics":{}}\n');
});
