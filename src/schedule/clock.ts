import { clearImmediate, setImmediate } from "node:timers";

/**
 * Time as an ability handed to timing code, so tests can inject a fake clock and tick it
 * instead of sleeping. Only web-standard globals here: the core must run on Bun, Deno and Node.
 */
export interface Clock {
  /** Milliseconds on a monotonic scale; only differences between readings mean anything. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** A 0 ms wait: runtimes stretch setTimeout(fn, 0) to about a millisecond, setImmediate not. */
class Immediate {
  readonly handle: ReturnType<typeof setImmediate>;
  constructor(fn: () => void) {
    this.handle = setImmediate(fn);
  }
}

export const systemClock: Clock = Object.freeze({
  // performance.now() cannot jump backwards when the wall clock is adjusted; Date.now() can.
  now: () => performance.now(),
  setTimeout: (fn: () => void, ms: number): unknown =>
    ms <= 0 ? new Immediate(fn) : globalThis.setTimeout(fn, ms),
  clearTimeout: (handle: unknown): void => {
    if (handle instanceof Immediate) clearImmediate(handle.handle);
    else globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>);
  },
});
