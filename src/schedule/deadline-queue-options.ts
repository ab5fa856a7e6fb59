import { type Clock, systemClock } from "./clock.ts";

export interface DeadlineQueueOptions<K> {
  /** Quiet time (ms) after a key's last event before it is due. Default 100. */
  debounce: number;
  /** Longest time (ms) from a key's first pending event to its deadline. Default 1000. */
  maxWait: number;
  clock: Clock;
  /** Receives every due key, earliest deadline first, once per drain. */
  onDue: (keys: K[]) => void;
  /**
   * Receives what `onDue` threw. The default rethrows it in a microtask: the queue is already
   * consistent again by then, and the error still reaches the runtime's uncaught handler
   * instead of vanishing.
   */
  onError: (error: unknown) => void;
}

export type DeadlineQueueInit<K> = Partial<DeadlineQueueOptions<K>> &
  Pick<DeadlineQueueOptions<K>, "onDue">;

const rethrowLater = (error: unknown): void => {
  queueMicrotask(() => {
    throw error;
  });
};

/** Defaults applied once, so the queue never re-checks for missing options. */
export function resolveDeadlineQueueOptions<K>(
  init: DeadlineQueueInit<K>,
): Readonly<DeadlineQueueOptions<K>> {
  const options: DeadlineQueueOptions<K> = {
    debounce: init.debounce ?? 100,
    maxWait: init.maxWait ?? 1000,
    clock: init.clock ?? systemClock,
    onDue: init.onDue,
    onError: init.onError ?? rethrowLater,
  };
  const fail = (reason: string) => `Cannot create DeadlineQueue: ${reason}`;
  checkDebounce(options.debounce, options.maxWait, fail);
  if (typeof options.onDue !== "function") throw new TypeError(fail("onDue must be a function"));
  if (typeof options.onError !== "function") {
    throw new TypeError(fail("onError must be a function"));
  }
  return Object.freeze(options);
}

/** Shared with `setDebounceInterval`, which must keep the same invariant. */
export function checkDebounce(
  debounce: number,
  maxWait: number,
  fail: (reason: string) => string,
): void {
  if (!isMs(debounce)) {
    throw new RangeError(fail(`debounce must be a finite number >= 0, got ${debounce}`));
  }
  if (!isMs(maxWait) || maxWait < debounce) {
    throw new RangeError(
      fail(`maxWait must be a finite number >= debounce (${debounce}), got ${maxWait}`),
    );
  }
}

function isMs(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}
