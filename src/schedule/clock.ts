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

/**
 * A 0 ms wait: after the synchronous work that asked for it (so every event of one watcher
 * delivery lands in one batch), before any I/O. A microtask, not setTimeout(fn, 0), which
 * runtimes stretch to about a millisecond, nor setImmediate, a turn of the event loop away.
 */
class Soon {
  cancelled = false;
  constructor(fn: () => void) {
    queueMicrotask(() => {
      if (!this.cancelled) fn();
    });
  }
}

export const systemClock: Clock = Object.freeze({
  // performance.now() cannot jump backwards when the wall clock is adjusted; Date.now() can.
  now: () => performance.now(),
  setTimeout: (fn: () => void, ms: number): unknown =>
    ms <= 0 ? new Soon(fn) : globalThis.setTimeout(fn, ms),
  clearTimeout: (handle: unknown): void => {
    if (handle instanceof Soon) handle.cancelled = true;
    else globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>);
  },
});
