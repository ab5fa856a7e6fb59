import { describe, expect, test } from "bun:test";
import { SAME_PRESS_MS, SignalPresses } from "../../src/cli/cli-io.ts";
import { FakeClock } from "../schedule/fake-clock.ts";

describe("SignalPresses", () => {
  test("signals that arrive together are one press; one SAME_PRESS_MS later is the next", () => {
    const clock = new FakeClock(1000);
    const presses = new SignalPresses(clock);
    expect(presses.arrived()).toBe(1); // the terminal's SIGINT
    clock.tick(0.1);
    expect(presses.arrived()).toBeUndefined(); // `bun run` passing its copy on
    clock.tick(SAME_PRESS_MS - 0.2);
    expect(presses.arrived()).toBeUndefined();
    clock.tick(0.1);
    expect(presses.arrived()).toBe(2); // a person pressing again
    clock.tick(SAME_PRESS_MS * 3);
    expect(presses.arrived()).toBe(3);
  });

  test("a stream of signals still makes a second press, half a second after its first", () => {
    const clock = new FakeClock();
    const presses = new SignalPresses(clock);
    const seen: (number | undefined)[] = [];
    for (let ms = 0; ms <= SAME_PRESS_MS; ms += 100) {
      seen.push(presses.arrived());
      clock.tick(100);
    }
    expect(seen.filter((press) => press !== undefined)).toEqual([1, 2]);
  });
});
