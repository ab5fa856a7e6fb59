import { describe, expect, test } from "bun:test";
import { DeadlineQueue } from "../../src/schedule/deadline-queue.ts";
import type { DeadlineQueueInit } from "../../src/schedule/deadline-queue-options.ts";
import { FakeClock } from "./fake-clock.ts";

/** A queue on a fake clock that records each drain as `time: keys`. */
function setup(options: Partial<DeadlineQueueInit<string>> = {}) {
  const clock = new FakeClock();
  const drains: string[] = [];
  const queue = new DeadlineQueue<string>({
    debounce: 100,
    maxWait: 1000,
    clock,
    onDue: (keys) => drains.push(`${clock.now()}: ${keys.join(",")}`),
    ...options,
  });
  return { clock, drains, queue };
}

describe("DeadlineQueue debouncing", () => {
  test("fires a key once, debounce ms after its last event", () => {
    const { clock, drains, queue } = setup();
    queue.schedule("a");
    clock.tick(60);
    queue.schedule("a");
    clock.tick(60);
    queue.schedule("a");
    clock.tick(99);
    expect(drains).toEqual([]);
    expect(queue.has("a")).toBe(true);
    clock.tick(1);
    expect(drains).toEqual(["220: a"]);
    expect(queue.has("a")).toBe(false);
    expect(queue.size).toBe(0);
  });

  test("a key written non-stop still fires maxWait after its first event, then restarts", () => {
    const { clock, drains, queue } = setup({ debounce: 100, maxWait: 300 });
    for (let t = 0; t < 1000; t += 50) {
      queue.schedule("a");
      clock.tick(50);
    }
    // Each drain starts a new window: the event right after it is the next first event.
    expect(drains).toEqual(["300: a", "600: a", "900: a"]);
    // When the stream stops, the plain trailing debounce applies: last event 950, + 100.
    clock.tick(100);
    expect(drains).toEqual(["300: a", "600: a", "900: a", "1050: a"]);
  });

  test("hands every due key to one onDue call, in deadline order", () => {
    const { clock, drains, queue } = setup();
    queue.schedule("late");
    clock.tick(30);
    queue.schedule("early");
    queue.setDebounceInterval(10);
    queue.schedule("earliest");
    expect(drains).toEqual([]);
    clock.tick(200);
    expect(drains).toEqual(["40: earliest", "100: late", "130: early"]);
  });

  test("keys due at the same time come out first-in first-out, in one call", () => {
    const { clock, drains, queue } = setup();
    for (const key of ["c", "a", "b"]) queue.schedule(key);
    queue.schedule("c");
    clock.tick(100);
    expect(drains).toEqual(["100: c,a,b"]);
  });

  test("debounceHits counts events folded into an already pending key", () => {
    const { clock, queue } = setup();
    queue.schedule("a");
    queue.schedule("b");
    expect(queue.debounceHits).toBe(0);
    queue.schedule("a");
    queue.schedule("a");
    queue.schedule("b");
    expect(queue.debounceHits).toBe(3);
    clock.tick(100);
    queue.schedule("a");
    expect(queue.debounceHits).toBe(3);
    queue.cancel("a");
    queue.schedule("a");
    expect(queue.debounceHits).toBe(3);
    queue.clear();
    expect(queue.debounceHits).toBe(3);
  });

  test("setDebounceInterval applies to later schedules only", () => {
    const { clock, drains, queue } = setup();
    queue.schedule("a");
    queue.setDebounceInterval(500);
    queue.schedule("b");
    clock.tick(100);
    expect(drains).toEqual(["100: a"]);
    clock.tick(400);
    expect(drains).toEqual(["100: a", "500: b"]);
  });
});

describe("DeadlineQueue cancel and clear", () => {
  test("cancel removes a pending key so it never fires", () => {
    const { clock, drains, queue } = setup();
    queue.schedule("a");
    queue.schedule("b");
    expect(queue.cancel("a")).toBe(true);
    expect(queue.cancel("a")).toBe(false);
    expect(queue.cancel("never")).toBe(false);
    expect(queue.has("a")).toBe(false);
    clock.tick(1000);
    expect(drains).toEqual(["100: b"]);
  });

  test("a cancelled key starts a fresh maxWait window when scheduled again", () => {
    const { clock, drains, queue } = setup({ debounce: 100, maxWait: 150 });
    queue.schedule("a");
    clock.tick(90);
    queue.cancel("a");
    queue.schedule("a");
    clock.tick(90);
    queue.schedule("a");
    // Without the reset, the cap from t=0 would have fired it at 150.
    clock.tick(59);
    expect(drains).toEqual([]);
    clock.tick(1000);
    expect(drains).toEqual(["240: a"]);
  });

  test("clear and close drop every key and leave no timer armed", () => {
    for (const stop of ["clear", "close"] as const) {
      const { clock, drains, queue } = setup();
      queue.schedule("a");
      queue.schedule("b");
      queue[stop]();
      expect(queue.size).toBe(0);
      expect(clock.pendingTimers).toBe(0);
      clock.tick(5000);
      expect(drains).toEqual([]);
      // Still usable afterwards.
      queue.schedule("c");
      clock.tick(100);
      expect(drains).toEqual(["5100: c"]);
    }
  });
});

describe("DeadlineQueue timer", () => {
  test("keeps exactly one timer armed however many keys wait, and none when empty", () => {
    const { clock, queue } = setup();
    expect(clock.pendingTimers).toBe(0);
    for (let i = 0; i < 500; i++) {
      queue.schedule(`k${i % 50}`);
      expect(clock.pendingTimers).toBe(1);
      clock.tick(1);
    }
    clock.tick(1000);
    expect(queue.size).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  test("does not re-arm the timer when a schedule leaves the earliest deadline alone", () => {
    const clock = new FakeClock();
    let armed = 0;
    const counting = {
      now: () => clock.now(),
      setTimeout: (fn: () => void, ms: number) => {
        armed++;
        return clock.setTimeout(fn, ms);
      },
      clearTimeout: (handle: unknown) => clock.clearTimeout(handle),
    };
    const queue = new DeadlineQueue<string>({ clock: counting, onDue: () => {} });
    queue.schedule("head");
    for (let i = 0; i < 20; i++) {
      clock.tick(1);
      queue.schedule(`later${i}`);
    }
    expect(armed).toBe(1);
  });

  test("re-arms for an earlier deadline that arrives later", () => {
    const { clock, drains, queue } = setup();
    queue.setDebounceInterval(500);
    queue.schedule("slow");
    queue.setDebounceInterval(50);
    clock.tick(10);
    queue.schedule("fast");
    expect(clock.pendingTimers).toBe(1);
    clock.tick(50);
    expect(drains).toEqual(["60: fast"]);
    clock.tick(440);
    expect(drains).toEqual(["60: fast", "500: slow"]);
  });

  test("re-arms for the next deadline when the head is cancelled, and disarms when empty", () => {
    const { clock, drains, queue } = setup();
    queue.schedule("head");
    clock.tick(40);
    queue.schedule("next");
    queue.cancel("head");
    expect(clock.pendingTimers).toBe(1);
    clock.tick(99);
    expect(drains).toEqual([]);
    clock.tick(1);
    expect(drains).toEqual(["140: next"]);
    queue.schedule("x");
    queue.cancel("x");
    expect(clock.pendingTimers).toBe(0);
  });

  test("debounce 0 fires on the next turn of the clock, not inside schedule", () => {
    const { clock, drains, queue } = setup({ debounce: 0, maxWait: 0 });
    queue.schedule("a");
    expect(drains).toEqual([]);
    clock.tick(0);
    expect(drains).toEqual(["0: a"]);
  });

  test("drain called by hand hands over only what is due", () => {
    const { clock, drains, queue } = setup();
    queue.schedule("a");
    expect(queue.drain()).toEqual([]);
    expect(drains).toEqual([]);
    queue.setDebounceInterval(0);
    queue.schedule("b");
    expect(queue.drain()).toEqual(["b"]);
    expect(drains).toEqual(["0: b"]);
    expect(clock.pendingTimers).toBe(1);
  });

  test("fires on the real system clock when no clock is given", async () => {
    const fired = await new Promise<string[]>((resolve) => {
      const queue = new DeadlineQueue<string>({ debounce: 1, maxWait: 1, onDue: resolve });
      queue.schedule("a");
    });
    expect(fired).toEqual(["a"]);
  });
});

describe("DeadlineQueue errors", () => {
  test("a throwing onDue goes to onError and leaves the queue consistent", () => {
    const errors: unknown[] = [];
    const due: string[][] = [];
    const { clock, queue } = setup({
      onDue: (keys) => {
        due.push(keys);
        if (keys.includes("bad")) throw new Error("boom");
      },
      onError: (error) => errors.push(error),
    });
    queue.schedule("bad");
    clock.tick(50);
    queue.schedule("good");
    clock.tick(50);
    expect(errors).toEqual([new Error("boom")]);
    expect(queue.has("bad")).toBe(false);
    expect(clock.pendingTimers).toBe(1);
    clock.tick(50);
    expect(due).toEqual([["bad"], ["good"]]);
  });

  test("onDue may schedule again from inside the callback", () => {
    const { clock, drains, queue } = setup({
      onDue: (keys) => {
        drains.push(`${clock.now()}: ${keys.join(",")}`);
        if (clock.now() < 300) queue.schedule("again");
      },
    });
    queue.schedule("again");
    clock.tick(1000);
    expect(drains).toEqual(["100: again", "200: again", "300: again"]);
    expect(clock.pendingTimers).toBe(0);
  });

  test("without onError, an error from onDue is rethrown to the runtime, not swallowed", () => {
    const script = `
      import { DeadlineQueue } from "./src/schedule/deadline-queue.ts";
      const queue = new DeadlineQueue({ debounce: 0, maxWait: 0, onDue: () => {
        throw new Error("onDue exploded");
      } });
      queue.schedule("a");
    `;
    const child = Bun.spawnSync(["bun", "-e", script], {
      cwd: `${import.meta.dir}/../..`,
      timeout: 10_000,
    });
    expect(child.exitCode).not.toBe(0);
    expect(child.stderr.toString()).toContain("onDue exploded");
  });

  const nope = () => {};
  test.each([
    ["debounce -1", { debounce: -1 }, "debounce"],
    ["debounce NaN", { debounce: Number.NaN }, "debounce"],
    ["debounce Infinity", { debounce: Number.POSITIVE_INFINITY }, "debounce"],
    ["debounce as a string", { debounce: "100" as unknown as number }, "debounce"],
    ["maxWait -1", { maxWait: -1 }, "maxWait"],
    ["maxWait Infinity", { maxWait: Number.POSITIVE_INFINITY }, "maxWait"],
    ["maxWait below debounce", { debounce: 200, maxWait: 100 }, "maxWait"],
    ["debounce above the default maxWait", { debounce: 1001 }, "maxWait"],
  ])("rejects %s with a RangeError naming the option", (_label, options, name) => {
    const create = () => new DeadlineQueue({ ...options, onDue: nope });
    expect(create).toThrow(RangeError);
    expect(create).toThrow(new RegExp(`^Cannot create DeadlineQueue: ${name} must be`));
  });

  test("rejects a missing onDue or a non-function onError with a TypeError", () => {
    const missing = {} as DeadlineQueueInit<string>;
    expect(() => new DeadlineQueue(missing)).toThrow(TypeError);
    expect(() => new DeadlineQueue(missing)).toThrow("Cannot create DeadlineQueue: onDue");
    const badOnError = { onDue: nope, onError: 1 as unknown as () => void };
    expect(() => new DeadlineQueue(badOnError)).toThrow("onError must be a function");
  });

  test("setDebounceInterval rejects what the constructor would, and keeps the old value", () => {
    const { clock, drains, queue } = setup({ maxWait: 500 });
    for (const ms of [-1, Number.NaN, 501]) {
      expect(() => queue.setDebounceInterval(ms)).toThrow(RangeError);
    }
    expect(() => queue.setDebounceInterval(501)).toThrow("Cannot set debounce interval: maxWait");
    queue.schedule("a");
    clock.tick(100);
    expect(drains).toEqual(["100: a"]);
  });

  test("explicitly undefined options fall back to the defaults", () => {
    const clock = new FakeClock();
    const drains: number[] = [];
    const queue = new DeadlineQueue<string>({
      debounce: undefined,
      maxWait: undefined,
      clock,
      onDue: () => drains.push(clock.now()),
    });
    for (let i = 0; i < 30; i++) {
      queue.schedule("a");
      clock.tick(50);
    }
    expect(drains).toEqual([1000]);
  });
});
