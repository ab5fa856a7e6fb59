import type { Clock } from "../../src/schedule/clock.ts";

interface FakeTimer {
  due: number;
  fn: () => void;
}

/**
 * A Clock for tests: time stands still until `tick(ms)`, which fires every timer that falls
 * due within those ms, in due order (ties: the one set first), with `now()` reading each
 * timer's due time while it runs. Timers set by a firing timer fire in the same tick if due.
 */
export class FakeClock implements Clock {
  #now: number;
  #nextId = 1;
  // Map iteration follows insertion, and ids only grow: the scan below keeps set-order on ties.
  readonly #timers = new Map<number, FakeTimer>();

  constructor(start = 0) {
    this.#now = start;
  }

  /** How many timers are armed and not yet fired or cleared. */
  get pendingTimers(): number {
    return this.#timers.size;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): number {
    const id = this.#nextId++;
    // Like Node's timers: negative, NaN or infinite delays mean "as soon as possible".
    const delay = Number.isFinite(ms) ? Math.max(ms, 0) : 0;
    this.#timers.set(id, { due: this.#now + delay, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    if (typeof handle === "number") this.#timers.delete(handle);
  }

  tick(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) {
      throw new RangeError(`Cannot tick FakeClock: ms must be a finite number >= 0, got ${ms}`);
    }
    const end = this.#now + ms;
    for (let next = this.#nextDue(end); next; next = this.#nextDue(end)) {
      this.#timers.delete(next[0]);
      this.#now = next[1].due;
      next[1].fn();
    }
    this.#now = end;
  }

  #nextDue(end: number): [number, FakeTimer] | undefined {
    let best: [number, FakeTimer] | undefined;
    for (const entry of this.#timers) {
      if (entry[1].due <= end && (!best || entry[1].due < best[1].due)) best = entry;
    }
    return best;
  }
}
