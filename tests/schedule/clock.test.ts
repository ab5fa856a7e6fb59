import { expect, test } from "bun:test";
import { systemClock } from "../../src/schedule/clock.ts";

test("systemClock.now never goes backwards", () => {
  const readings = Array.from({ length: 1000 }, () => systemClock.now());
  for (let i = 1; i < readings.length; i++) {
    expect(readings[i]).toBeGreaterThanOrEqual(readings[i - 1] as number);
  }
});

test("systemClock runs a timer and a cleared timer never runs", async () => {
  let clearedRan = false;
  const cleared = systemClock.setTimeout(() => {
    clearedRan = true;
  }, 0);
  systemClock.clearTimeout(cleared);
  // The second timer is due no earlier than the cleared one, so by the time it runs the cleared
  // one would have run too.
  await new Promise<void>((resolve) => systemClock.setTimeout(resolve, 5));
  expect(clearedRan).toBe(false);
});
