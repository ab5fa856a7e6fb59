import { describe, expect, test } from "bun:test";
import { pluginOfError } from "../../src/reload/plugin-of-error.ts";
import { plainSourcePath } from "../../src/runtime/source-path.ts";

const plugins = [
  { name: "a", files: ["/p/a/index.ts", "/p/_shared/util.ts"] },
  { name: "b", files: ["/p/b/index.ts", "/p/b/lib.ts", "/p/_shared/util.ts"] },
];

const errorWithStack = (...frames: string[]) => {
  const error = new Error("boom");
  error.stack = ["Error: boom", ...frames.map((frame) => `    at ${frame}`)].join("\n");
  return error;
};

describe("pluginOfError", () => {
  test.each([
    ["a frame in a plugin's entry", errorWithStack("tick (/p/a/index.ts:3:9)"), "a"],
    [
      "a frame in a plugin's helper",
      errorWithStack("f (/p/b/lib.ts:1:2)", "/host/timers.ts:1:1"),
      "b",
    ],
    ["a versioned specifier", errorWithStack("start (/p/b/index.ts?v=12:2:76)"), "b"],
    ["a file URL (Node, Deno)", errorWithStack("start (file:///p/b/index.ts?v=3:2:7)"), "b"],
    [
      "a shared helper, then the caller",
      errorWithStack("u (/p/_shared/util.ts:1:1)", "/p/a/index.ts:9:1"),
      "a",
    ],
    ["only a shared helper", errorWithStack("u (/p/_shared/util.ts:1:1)"), undefined],
    ["no plugin frame", errorWithStack("main (/host/cli.ts:1:1)"), undefined],
    ["not an Error", "just a string", undefined],
  ])("%s", (_, error, expected) => {
    expect(pluginOfError(error, plugins, plainSourcePath)).toBe(expected);
  });
});
