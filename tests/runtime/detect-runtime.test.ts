import { describe, expect, test } from "bun:test";
import { HotplugError } from "../../src/errors/hotplug-error.ts";
import { detectRuntime } from "../../src/runtime/detect-runtime.ts";
import { detectRuntimeKey } from "../../src/runtime/runtime-key.ts";

describe("detectRuntimeKey", () => {
  const node = { process: { versions: { node: "20.20.2" } } };
  test.each([
    ["Bun (which also sets process.versions.node)", { Bun: {}, ...node }, "bun"],
    ["Deno (which also sets process.versions.node)", { Deno: {}, ...node }, "deno"],
    ["Node", node, "node"],
    ["a browser-like global", { navigator: {} }, "other"],
    ["a process without node", { process: { versions: {} } }, "other"],
    ["Bun set to undefined", { Bun: undefined }, "other"],
  ])("%s", (_what, scope, key) => {
    expect(detectRuntimeKey(scope)).toBe(key as ReturnType<typeof detectRuntimeKey>);
  });

  test("this process is Bun", () => {
    expect(detectRuntimeKey()).toBe("bun");
  });
});

describe("detectRuntime", () => {
  test.each([
    ["bun", true],
    ["deno", false],
    ["node", false],
  ] as const)("%s: canEvict %p", (key, canEvict) => {
    const runtime = detectRuntime(key);
    expect(runtime.key).toBe(key);
    expect(runtime.canEvict).toBe(canEvict);
  });

  test("defaults to the runtime it runs on", () => {
    expect(detectRuntime().key).toBe("bun");
  });

  test("another runtime is refused, naming what is supported", () => {
    expect(() => detectRuntime("other")).toThrow(HotplugError);
    expect(() => detectRuntime("other")).toThrow(
      /Cannot start hotplug.*Bun.*Deno 2.*Node >= 20\.6/,
    );
  });
});
