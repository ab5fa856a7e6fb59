import { expect, test } from "bun:test";
import { HotplugError } from "../../src/errors/hotplug-error.ts";
import type { PluginState } from "../../src/plugin/plugin.ts";
import { PluginUnavailableError } from "../../src/plugin/plugin-unavailable-error.ts";

test.each([
  ["stopping", "it is reloading"],
  ["loading", "it is reloading"],
  ["reloading", "it is reloading"],
  ["failed", "it failed (see its last error)"],
  ["waiting", "it waits for a dependency"],
  ["unloaded", "it is not loaded"],
  ["stopped", "it is stopped"],
  ["running", "it is running"],
] as [PluginState | "unloaded", string][])("a plugin that is %s: %s", (reason, words) => {
  const error = new PluginUnavailableError("clock", reason);
  expect(error).toBeInstanceOf(HotplugError);
  expect(error).toMatchObject({
    name: "PluginUnavailableError",
    code: "PLUGIN_UNAVAILABLE",
    plugin: "clock",
    reason,
    message: `clock is unavailable: ${words}`,
  });
});

test("a detail follows the reason", () => {
  const error = new PluginUnavailableError("clock", "waiting", "; it did not run within 50 ms");
  expect(error.message).toBe(
    "clock is unavailable: it waits for a dependency; it did not run within 50 ms",
  );
});
