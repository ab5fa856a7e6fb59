import { expect, test } from "bun:test";
import { DeadlineQueue } from "../../src/schedule/deadline-queue.ts";
import { FakeClock } from "./fake-clock.ts";
import { mulberry32, testSeeds, withSeed } from "./prng.ts";

const MAX_WAIT = 300;

interface Pending {
  key: number;
  deadline: number;
  first: number;
  seq: number;
}

/**
 * The queue's contract written the slow, obvious way: a flat list, fully scanned. It predicts
 * each drain by walking time forward deadline by deadline.
 */
class NaiveModel {
  pending: Pending[] = [];
  drains: string[] = [];
  debounce = 50;
  hits = 0;
  now = 0;
  #seq = 0;

  schedule(key: number): void {
    const found = this.pending.find((p) => p.key === key);
    const first = found ? found.first : this.now;
    const deadline = Math.min(this.now + this.debounce, first + MAX_WAIT);
    if (found) {
      this.hits++;
      found.deadline = deadline;
    } else {
      this.pending.push({ key, deadline, first, seq: this.#seq++ });
    }
  }

  cancel(key: number): boolean {
    const before = this.pending.length;
    this.pending = this.pending.filter((p) => p.key !== key);
    return this.pending.length !== before;
  }

  /** Everything due at `now`, earliest deadline first, ties by when the key became pending. */
  drainAt(now: number): number[] {
    const due = this.pending
      .filter((p) => p.deadline <= now)
      .sort((a, b) => a.deadline - b.deadline || a.seq - b.seq);
    this.pending = this.pending.filter((p) => p.deadline > now);
    if (due.length > 0) this.drains.push(`${now}: ${due.map((p) => p.key).join(",")}`);
    return due.map((p) => p.key);
  }

  tick(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      const next = Math.min(...this.pending.map((p) => p.deadline));
      if (next > end) break;
      this.now = next;
      this.drainAt(next);
    }
    this.now = end;
  }
}

test.each(testSeeds([7, 1234, 99991]))(
  "random schedule/cancel/tick/clear runs drain exactly like a naive model (seed %d)",
  (seed) => {
    withSeed(seed, () => {
      const random = mulberry32(seed);
      const int = (n: number) => Math.floor(random() * n);
      const clock = new FakeClock();
      const model = new NaiveModel();
      const drains: string[] = [];
      const queue = new DeadlineQueue<number>({
        debounce: model.debounce,
        maxWait: MAX_WAIT,
        clock,
        onDue: (keys) => drains.push(`${clock.now()}: ${keys.join(",")}`),
      });
      for (let step = 0; step < 4000; step++) {
        const key = int(30);
        const op = random();
        if (op < 0.5) {
          queue.schedule(key);
          model.schedule(key);
        } else if (op < 0.6) {
          expect(queue.cancel(key)).toBe(model.cancel(key));
        } else if (op < 0.9) {
          // Mostly short steps so keys pile up, sometimes long ones that cross many deadlines.
          const ms = random() < 0.9 ? int(40) : int(400);
          clock.tick(ms);
          model.tick(ms);
        } else if (op < 0.95) {
          expect(queue.drain()).toEqual(model.drainAt(model.now));
        } else if (op < 0.98) {
          const ms = int(MAX_WAIT + 1);
          queue.setDebounceInterval(ms);
          model.debounce = ms;
        } else if (op < 0.99) {
          expect(queue.has(key)).toBe(model.pending.some((p) => p.key === key));
        } else {
          queue.clear();
          model.pending = [];
        }
        expect(clock.now()).toBe(model.now);
        expect(drains).toEqual(model.drains);
        expect(queue.size).toBe(model.pending.length);
        expect(queue.debounceHits).toBe(model.hits);
        expect(clock.pendingTimers).toBe(model.pending.length > 0 ? 1 : 0);
      }
      // The run must actually have exercised the interesting paths.
      expect(model.drains.length).toBeGreaterThan(100);
      expect(model.drains.some((d) => d.includes(","))).toBe(true);
    });
  },
);
