import { describe, expect, test } from "bun:test";
import type { Generation } from "../../src/plugin/generation-runner.ts";
import { liveHandle } from "../../src/plugin/live-handle.ts";
import type { PluginState } from "../../src/plugin/plugin.ts";
import { newRecord, type PluginRecord } from "../../src/plugin/plugin-record.ts";
import { PluginUnavailableError } from "../../src/plugin/plugin-unavailable-error.ts";

/** A plugin whose serving generation the test sets, as the lifecycle would. */
function fakePlugin(name = "clock") {
  let record: PluginRecord | undefined = newRecord(name, `/plugins/${name}`);
  let refused = 0;
  const handle = liveHandle({
    name,
    record: () => record,
    refused: () => void refused++,
  }) as Record<string, unknown>;
  return {
    handle,
    get refused() {
      return refused;
    },
    serve(api: unknown, number = 1) {
      if (!record) throw new Error("unloaded");
      Object.assign(record, { state: "running" });
      record.current = { number, api } as unknown as Generation;
    },
    pause(state: PluginState) {
      if (!record) throw new Error("unloaded");
      Object.assign(record, { state });
      record.current = undefined;
    },
    unload() {
      record = undefined;
    },
  };
}

describe("liveHandle", () => {
  test("reads and calls reach the generation serving at that moment", () => {
    const plugin = fakePlugin();
    plugin.serve({ now: () => "v1", zone: "UTC" });
    expect(plugin.handle.zone).toBe("UTC");
    expect((plugin.handle.now as () => string)()).toBe("v1");
    plugin.serve({ now: () => "v2", zone: "CET" }, 2);
    expect(plugin.handle.zone).toBe("CET");
    expect((plugin.handle.now as () => string)()).toBe("v2");
  });

  test("a method captured before a reload calls the new generation, with it as `this`", () => {
    const plugin = fakePlugin();
    const one = {
      label: "one",
      describe() {
        return `gen ${this.label}`;
      },
    };
    plugin.serve(one);
    const describeIt = plugin.handle.describe as () => string;
    expect(describeIt()).toBe("gen one");
    const two = {
      label: "two",
      describe() {
        return `new ${this.label}`;
      },
    };
    plugin.serve(two);
    expect(describeIt()).toBe("new two");
    expect(plugin.handle.describe).toBe(describeIt);
  });

  test("while no generation serves, reads and calls throw PluginUnavailableError at once, each counted", () => {
    const plugin = fakePlugin();
    plugin.serve({ now: () => "v1" });
    const now = plugin.handle.now as () => string;
    plugin.pause("reloading");
    const read = () => plugin.handle.now;
    expect(read).toThrow(PluginUnavailableError);
    expect(read).toThrow("clock is unavailable: it is reloading");
    expect(now).toThrow("clock is unavailable: it is reloading");
    plugin.pause("failed");
    expect(now).toThrow("clock is unavailable: it failed (see its last error)");
    expect(plugin.refused).toBe(4);
    plugin.unload();
    let error: unknown;
    try {
      now();
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({
      code: "PLUGIN_UNAVAILABLE",
      plugin: "clock",
      reason: "unloaded",
      message: "clock is unavailable: it is not loaded",
    });
  });

  test("is not thenable, and symbols read as undefined: `await handle` gives the handle", async () => {
    const plugin = fakePlugin();
    // biome-ignore lint/suspicious/noThenProperty: an API may have a `then`; the handle still is not thenable
    plugin.serve({ then: () => "a method named then", now: () => 1 });
    expect(plugin.handle.then).toBeUndefined();
    expect(await plugin.handle).toBe(plugin.handle);
    expect((plugin.handle as Record<symbol, unknown>)[Symbol.iterator]).toBeUndefined();
    // Neither reads the plugin, so neither is refused while it is away.
    plugin.pause("reloading");
    expect(await plugin.handle).toBe(plugin.handle);
    expect(plugin.refused).toBe(0);
  });

  test("`in`, Object.keys and property descriptors reflect the serving API", () => {
    const plugin = fakePlugin();
    plugin.serve({ now: () => 1, zone: "UTC" });
    expect("now" in plugin.handle).toBe(true);
    expect("later" in plugin.handle).toBe(false);
    expect(Object.keys(plugin.handle)).toEqual(["now", "zone"]);
    expect(Object.getOwnPropertyDescriptor(plugin.handle, "zone")).toEqual({
      configurable: true,
      enumerable: true,
      writable: false,
      value: "UTC",
    });
    expect(Object.getOwnPropertyDescriptor(plugin.handle, "later")).toBeUndefined();
    plugin.serve({ later: () => 2 }, 2);
    expect(Object.keys(plugin.handle)).toEqual(["later"]);
    expect("now" in plugin.handle).toBe(false);
    expect({ ...plugin.handle }).toEqual({ later: expect.any(Function) });
    plugin.pause("waiting");
    expect(() => Object.keys(plugin.handle)).toThrow("it waits for a dependency");
    expect(() => "now" in plugin.handle).toThrow(PluginUnavailableError);
  });

  test("a plugin whose setup() returned nothing: its handle has no properties, and does not throw", () => {
    const plugin = fakePlugin();
    plugin.serve(undefined);
    expect(plugin.handle.now).toBeUndefined();
    expect("now" in plugin.handle).toBe(false);
    expect(Object.keys(plugin.handle)).toEqual([]);
    expect(Object.getOwnPropertyDescriptor(plugin.handle, "now")).toBeUndefined();
    plugin.serve(null, 2);
    expect(plugin.handle.now).toBeUndefined();
    expect(plugin.refused).toBe(0);
  });

  test("a primitive API reads as its wrapper object would", () => {
    const plugin = fakePlugin();
    plugin.serve(42);
    expect((plugin.handle.toFixed as (digits: number) => string)(1)).toBe("42.0");
    expect(Object.keys(plugin.handle)).toEqual([]);
  });

  test("calling a property that is no longer a function is a TypeError naming it", () => {
    const plugin = fakePlugin();
    plugin.serve({ now: () => 1 });
    const now = plugin.handle.now as () => number;
    plugin.serve({ now: "noon" }, 2);
    expect(now).toThrow(TypeError);
    expect(now).toThrow("Cannot call clock.now(): it is not a function now");
    expect(plugin.handle.now).toBe("noon");
  });
});
