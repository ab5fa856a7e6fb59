import { expect, test } from "bun:test";
import {
  REPORT_AFTER_MS,
  type ScanProgress,
  trackProgress,
} from "../../src/watch/scan-progress.ts";
import { FakeClock } from "../schedule/fake-clock.ts";

/** The tracker only reads the time; FakeClock's tick() moves it. */
function fakeClock() {
  const clock = new FakeClock();
  return { read: () => clock.now(), advance: (ms: number) => clock.tick(ms) };
}

test("a scan shorter than a second says nothing", () => {
  const clock = fakeClock();
  const seen: ScanProgress[] = [];
  const tracker = trackProgress("/r", (p) => seen.push(p), clock.read);
  for (let i = 0; i < 40; i++) {
    clock.advance(20);
    tracker.slice(i * 100);
  }
  tracker.done(4000);
  expect(seen).toEqual([]);
});

test("a long scan reports after a second, then each second, then once when done", () => {
  const clock = fakeClock();
  const seen: ScanProgress[] = [];
  const tracker = trackProgress("/r", (p) => seen.push(p), clock.read);
  for (let files = 0; files <= 150_000; files += 500) {
    clock.advance(20);
    tracker.slice(files);
  }
  tracker.done(150_321);
  expect(seen.map((p) => p.done)).toEqual([false, false, false, false, false, false, true]);
  expect(seen[0]).toEqual({
    root: "/r",
    files: 24_500,
    elapsedMs: REPORT_AFTER_MS,
    done: false,
    message: "first scan: 24,500 files so far (1.0 s)",
  });
  expect(seen.at(-1)?.message).toBe("first scan: 150,321 files in 6.0 s");
});

test("without a listener the tracker does nothing", () => {
  const clock = fakeClock();
  const tracker = trackProgress("/r", undefined, clock.read);
  clock.advance(5_000);
  tracker.slice(1);
  tracker.done(1);
  expect(clock.read()).toBe(5_000);
});
