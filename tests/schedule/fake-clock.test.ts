import { describe, expect, test } from "bun:test";
import { FakeClock } from "./fake-clock.ts";

describe("FakeClock", () => {
  test("time stands still until tick, then advances by exactly ms", () => {
    const clock = new FakeClock(500);
    expect(clock.now()).toBe(500);
    clock.tick(0);
    expect(clock.now()).toBe(500);
    clock.tick(25);
    expect(clock.now()).toBe(525);
  });

  test("tick fires due timers in due order, ties in set order, with now at each due time", () => {
    const clock = new FakeClock();
    const fired: string[] = [];
    const log = (name: string) => () => fired.push(`${name}@${clock.now()}`);
    clock.setTimeout(log("c"), 30);
    clock.setTimeout(log("a"), 10);
    clock.setTimeout(log("b1"), 20);
    clock.setTimeout(log("b2"), 20);
    clock.setTimeout(log("late"), 100);
    clock.tick(50);
    expect(fired).toEqual(["a@10", "b1@20", "b2@20", "c@30"]);
    expect(clock.pendingTimers).toBe(1);
    clock.tick(50);
    expect(fired.at(-1)).toBe("late@100");
    expect(clock.pendingTimers).toBe(0);
  });

  test("a timer set while firing fires in the same tick when it falls due within it", () => {
    const clock = new FakeClock();
    const fired: number[] = [];
    clock.setTimeout(() => {
      fired.push(clock.now());
      clock.setTimeout(() => fired.push(clock.now()), 5);
      clock.setTimeout(() => fired.push(clock.now()), 50);
    }, 10);
    clock.tick(20);
    expect(fired).toEqual([10, 15]);
    expect(clock.pendingTimers).toBe(1);
  });

  test("clearTimeout disarms a timer; zero and negative delays fire on the next tick", () => {
    const clock = new FakeClock();
    let fired = 0;
    const handle = clock.setTimeout(() => fired++, 10);
    clock.setTimeout(() => fired++, -5);
    expect(clock.pendingTimers).toBe(2);
    clock.clearTimeout(handle);
    expect(clock.pendingTimers).toBe(1);
    clock.tick(0);
    clock.tick(100);
    expect(fired).toBe(1);
  });

  test("tick rejects negative or non-finite ms", () => {
    const clock = new FakeClock();
    for (const ms of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => clock.tick(ms)).toThrow(RangeError);
    }
  });
});
