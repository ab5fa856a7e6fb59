import { expect, test } from "bun:test";
import { testPlugin } from "hotplug/testing";
import type { UptimeApi } from "./index.ts";

// uptime runs in a worker (its plugin.json says so), so every call returns a Promise.

test("counts its calls across an overlap reload", async () => {
  await using uptime = await testPlugin<UptimeApi, { served: number }>(import.meta.dir);
  expect(await uptime.api.served()).toBe(1);

  const reloaded = await uptime.reload();
  expect(reloaded).toMatchObject({ isolation: "worker", swap: "overlap", unavailableMs: 0 });
  // The state snapshot() took while generation 1 still served.
  expect(uptime.state).toMatchObject({ served: 1 });
  expect(await uptime.api.served()).toBe(2);
});

test("leaves nothing running in its worker", async () => {
  const uptime = await testPlugin(import.meta.dir);
  await uptime.reload();
  await uptime.stop();
  expect(uptime.leftovers()).toEqual([]);
});
