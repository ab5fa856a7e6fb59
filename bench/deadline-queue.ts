import { DeadlineQueue } from "../src/schedule/deadline-queue.ts";
import { figure, median } from "./lib/stats.ts";
import type { Benchmark } from "./lib/types.ts";

const KEYS = 100_000;
const DEBOUNCE = 100;
const OPS = KEYS * 2; // every key scheduled, then every key rescheduled

/** Ops/s of DeadlineQueue: schedule all keys, reschedule all, clear; one heap, one timer. */
function queueRun(keys: string[]): number {
  let fired = 0;
  const queue = new DeadlineQueue<string>({
    debounce: DEBOUNCE,
    onDue: (due) => {
      fired += due.length;
    },
  });
  const t0 = performance.now();
  for (const key of keys) queue.schedule(key);
  for (const key of keys) queue.schedule(key);
  queue.clear();
  const ms = performance.now() - t0;
  if (queue.size !== 0 || fired !== 0) throw new Error("DeadlineQueue fired during the run");
  return OPS / (ms / 1000);
}

/** The naive debounce: one setTimeout per key, cleared and set again on every event. */
function timersRun(keys: string[]): number {
  let fired = 0;
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const schedule = (key: string) => {
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        fired++;
      }, DEBOUNCE),
    );
  };
  const t0 = performance.now();
  for (const key of keys) schedule(key);
  for (const key of keys) schedule(key);
  for (const timer of timers.values()) clearTimeout(timer);
  timers.clear();
  const ms = performance.now() - t0;
  if (fired !== 0) throw new Error("a timer fired during the run");
  return OPS / (ms / 1000);
}

export const deadlineQueue: Benchmark = {
  name: "deadline-queue",
  title: "Deadline queue: 100,000 keys scheduled and rescheduled",
  async run(ctx) {
    const keys = Array.from({ length: KEYS }, (_, i) => `/plugins/p${i}`);
    const queue: number[] = [];
    const timers: number[] = [];
    const repeats = ctx.quick ? 3 : 9;
    queueRun(keys.slice(0, 1000)); // warm both paths up before timing
    timersRun(keys.slice(0, 1000));
    for (let i = 1; i <= repeats; i++) {
      // Alternate which goes first, so neither always runs on a warmer heap.
      const order = i % 2 ? [queueRun, timersRun] : [timersRun, queueRun];
      for (const run of order) (run === queueRun ? queue : timers).push(run(keys));
      ctx.progress(`run ${i}/${repeats}`);
      await new Promise((done) => setTimeout(done, 50)); // let cleared timers be reaped
    }
    const M = 1e6;
    return {
      figures: [
        figure(
          "DeadlineQueue (heap + one timer)",
          "Mops/s",
          queue.map((v) => v / M),
        ),
        figure(
          "naive setTimeout/clearTimeout per key",
          "Mops/s",
          timers.map((v) => v / M),
        ),
      ],
      comparisons: [
        {
          name: "DeadlineQueue ops/s",
          ratio: median(queue) / median(timers),
          against: "naive timer per key",
        },
      ],
      targets: [],
      notes: [
        `One run: schedule ${KEYS} keys, reschedule all of them, clear everything (both use the` +
          ` real system clock, debounce ${DEBOUNCE} ms; nothing fires). ops = ${OPS} schedules /` +
          " wall time including the clear.",
      ],
    };
  },
};
