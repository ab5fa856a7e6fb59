import { expect, test } from "bun:test";
import { testPlugin } from "hotplug/testing";
import type { CounterApi } from "./index.ts";

test("a reload hands the count to the next generation", async () => {
  await using counter = await testPlugin<CounterApi, { count: number }>(import.meta.dir);
  expect(counter.state).toBeUndefined();

  expect(await counter.reload()).toMatchObject({ type: "plugin:reloaded", generation: 2 });
  // What generation 1's stop() returned, as generation 2's setup() got it.
  expect(counter.state).toEqual({ count: expect.any(Number) });
  expect(counter.api.value()).toBe(counter.state?.count as number);
});

test("its interval does not outlive its generation", async () => {
  const counter = await testPlugin<CounterApi>(import.meta.dir);
  await counter.reload();
  await counter.reload();
  await counter.stop();
  // A stop() that forgot clearInterval() would be named here, with the line that started it.
  expect(counter.leftovers()).toEqual([]);
});
