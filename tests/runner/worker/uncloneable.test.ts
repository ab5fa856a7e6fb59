import { describe, expect, test } from "bun:test";
import { describeCrossing } from "../../../src/runner/worker/protocol.ts";
import { findUncloneable, UncloneableError } from "../../../src/runner/worker/uncloneable.ts";

const cycle: Record<string, unknown> = { name: "loop" };
cycle.self = cycle;
const cycleWithFunction: Record<string, unknown> = {};
cycleWithFunction.self = cycleWithFunction;
cycleWithFunction.onTick = () => {};

describe("findUncloneable", () => {
  test.each([
    ["a function", () => {}, "a function"],
    ["a Symbol", Symbol("id"), "a Symbol"],
    ["a Promise", Promise.resolve(1), "a Promise"],
    ["a WeakMap", new WeakMap(), "a WeakMap"],
    ["a WeakSet", new WeakSet(), "a WeakSet"],
    ["a WeakRef", new WeakRef({}), "a WeakRef"],
    ["a property", { handler: () => {} }, "a function (at .handler)"],
    ["a nested property", { db: { pool: { release() {} } } }, "a function (at .db.pool.release)"],
    [
      "nested arrays",
      {
        rows: [
          [1, 2],
          [3, Symbol("x")],
        ],
      },
      "a Symbol (at .rows[1][1])",
    ],
    ["a Set", { tags: new Set(["a", Promise.resolve()]) }, "a Promise (at .tags[1])"],
    [
      "a Map's value",
      {
        byId: new Map<string, unknown>([
          ["a", 1],
          ["b", () => {}],
        ]),
      },
      "a function (at .byId.get(b))",
    ],
    ["a Map's key", new Map([[Symbol("k"), 1]]), "a Symbol (at <key>)"],
    ["a cycle with a function in it", cycleWithFunction, "a function (at .onTick)"],
  ] as [string, unknown, string][])("%s", (_, value, expected) => {
    expect(findUncloneable(value)).toBe(expected);
    expect(() => structuredClone(value)).toThrow();
  });

  test.each([
    ["plain data", { a: [1, "two", { three: null }], at: new Date(0) }],
    ["a cycle", cycle],
    ["a Map of data", new Map([["a", { b: 1 }]])],
    ["a primitive", 42],
    ["undefined", undefined],
  ])("%s: nothing found (it clones)", (_, value) => {
    expect(findUncloneable(value)).toBeUndefined();
    expect(() => structuredClone(value)).not.toThrow();
  });
});

describe("UncloneableError", () => {
  test("names the plugin, what cannot cross and where, keeping the runtime's error as the cause", () => {
    const state = { sockets: [{ onData: () => {} }] };
    let cause: unknown;
    try {
      structuredClone(state);
    } catch (error) {
      cause = error;
    }
    const error = new UncloneableError("greeter", "the state stop() returned", state, cause);
    expect(error).toMatchObject({
      code: "WORKER_UNCLONEABLE",
      plugin: "greeter",
      what: "the state stop() returned",
      part: "a function (at .sockets[0].onData)",
    });
    expect(error.message).toBe(
      "greeter: Cannot send the state stop() returned across the worker boundary: a function (at .sockets[0].onData) cannot be structured-cloned",
    );
    expect(error.cause).toBe(cause);
  });

  test("when no part is found, the runtime's reason is given", () => {
    const message = (cause: unknown) =>
      new UncloneableError("greeter", "the result", { ok: 1 }, cause).message;
    expect(message(new Error("the port is closed"))).toBe(
      "greeter: Cannot send the result across the worker boundary: the port is closed cannot be structured-cloned",
    );
    expect(message("out of memory")).toContain(": out of memory cannot be structured-cloned");
  });
});

describe("describeCrossing: what crosses, named as the user wrote it", () => {
  test.each([
    ["call", { prop: "greet" }, "input", "the arguments of greeter.greet()"],
    ["call", { prop: "greet" }, "reply", "the result of greeter.greet()"],
    ["depCall", { dep: "clock", prop: "now" }, "input", "the arguments of clock.now()"],
    ["get", { prop: "count" }, "reply", "the value of greeter.count"],
    ["depGet", { dep: "clock", prop: "zone" }, "reply", "the value of clock.zone"],
    ["stop", undefined, "reply", "the state stop() returned"],
    ["snapshot", undefined, "reply", "the state snapshot() returned"],
    ["stop", undefined, "input", "stop()'s input"],
    ["setup", {}, "input", "the state setup() was given (ctx.state)"],
    ["setup", {}, "reply", "setup()'s API"],
    ["load", {}, "input", "plugin.json's config"],
    ["health", undefined, "reply", "health()'s result"],
    ["health", undefined, "input", "health()'s input"],
  ] as const)("%s's %p %s is %p", (method, input, part, words) => {
    expect(describeCrossing("greeter", method, input, part)).toBe(words);
  });
});
