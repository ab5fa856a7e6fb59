import { expect, test } from "bun:test";
import { stackFrames } from "../../src/errors/stack-frames.ts";

test("reads V8 and JavaScriptCore frames, paths with spaces too; skips internals", () => {
  const error = new Error("x");
  error.stack = [
    "Error: x",
    "    at run (/p/my plugins/a/index.ts?v=2:3:9)",
    "    at async Object.setup (file:///p/a%20b/index.js?v=1:4:5)",
    "    at /p/a/top.ts:1:1",
    "    at processTicksAndRejections (node:internal/process/task_queues:95:5)",
    "    at async Promise.all (index 0)",
    "    at <anonymous> (native)",
  ].join("\n");
  expect(stackFrames(error)).toEqual([
    { fn: "run", location: "/p/my plugins/a/index.ts?v=2", line: 3, column: 9 },
    { fn: "async Object.setup", location: "file:///p/a%20b/index.js?v=1", line: 4, column: 5 },
    { location: "/p/a/top.ts", line: 1, column: 1 },
  ]);
});

test("no stack: no frames", () => {
  expect(stackFrames("text")).toEqual([]);
  expect(stackFrames(null)).toEqual([]);
  expect(stackFrames({ stack: 42 })).toEqual([]);
});
