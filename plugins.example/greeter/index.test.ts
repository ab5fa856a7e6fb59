import { expect, test } from "bun:test";
import { testPlugin } from "hotplug/testing";
import type { GreeterApi } from "./index.ts";

// Each test loads this plugin into a host of its own (as `hotplug dev` would run it, from this
// folder), and `await using` shuts that host down when the test ends, pass or fail.

test("greets with plugin.json's config", async () => {
  await using greeter = await testPlugin<GreeterApi>(import.meta.dir);
  expect(greeter.api.greet("ada")).toBe("Hello, ada!");
});

test("takes another config, checked by its schema", async () => {
  await using greeter = await testPlugin<GreeterApi>(import.meta.dir, {
    config: { greeting: "Hi" },
  });
  expect(greeter.api.greet("ada")).toBe("Hi, ada.");
});

test("refuses a config its schema refuses, naming the field", async () => {
  await expect(testPlugin(import.meta.dir, { config: { greeting: "" } })).rejects.toThrow(
    "config.greeting: Invalid length",
  );
});

test("answers after a reload and leaves nothing running", async () => {
  const greeter = await testPlugin<GreeterApi>(import.meta.dir);
  expect(await greeter.reload()).toMatchObject({ type: "plugin:reloaded", generation: 2 });
  expect(greeter.api.greet("grace")).toBe("Hello, grace!");
  await greeter.stop();
  expect(greeter.leftovers()).toEqual([]);
});
