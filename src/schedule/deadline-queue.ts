import {
  checkDebounce,
  type DeadlineQueueInit,
  type DeadlineQueueOptions,
  resolveDeadlineQueueOptions,
} from "./deadline-queue-options.ts";
import { IndexedHeap } from "./min-heap.ts";

/**
 * Trailing debounce for many keys (plugins) with one timer in total, however many keys wait:
 * a key is due `debounce` ms after its last event, but never later than `maxWait` ms after its
 * first pending event, so a file written continuously still reloads.
 */
export class DeadlineQueue<K> {
  readonly #options: Readonly<DeadlineQueueOptions<K>>;
  readonly #deadlines = new IndexedHeap<K>();
  // First event time per pending key: the anchor of the maxWait cap.
  readonly #firstEvent = new Map<K, number>();
  #debounce: number;
  #debounceHits = 0;
  #timer: unknown;
  // The deadline the timer fires for; undefined when no timer is armed.
  #armedFor: number | undefined;

  constructor(init: DeadlineQueueInit<K>) {
    this.#options = resolveDeadlineQueueOptions(init);
    this.#debounce = this.#options.debounce;
  }

  get size(): number {
    return this.#deadlines.size;
  }

  /** Events that landed on an already pending key and were folded into its one firing. */
  get debounceHits(): number {
    return this.#debounceHits;
  }

  has(key: K): boolean {
    return this.#deadlines.has(key);
  }

  /**
   * An event for `key`: due `windowMs` (default: the debounce) after its last event, but no
   * later than `maxWait` after its first pending one.
   */
  schedule(key: K, windowMs = this.#debounce): void {
    const first = this.#note(key, true);
    this.#deadlines.set(
      key,
      Math.min(this.#options.clock.now() + windowMs, first + this.#options.maxWait),
    );
    this.#rearm();
  }

  /** `key` is due exactly `delayMs` from now, uncapped: a retry once files are quiet. */
  scheduleIn(key: K, delayMs: number): void {
    this.#note(key, false);
    this.#deadlines.set(key, this.#options.clock.now() + delayMs);
    this.#rearm();
  }

  /** The first pending event time of `key`, noted now if it has none. */
  #note(key: K, isEvent: boolean): number {
    const first = this.#firstEvent.get(key);
    if (first !== undefined) {
      if (isEvent) this.#debounceHits++;
      return first;
    }
    const now = this.#options.clock.now();
    this.#firstEvent.set(key, now);
    return now;
  }

  cancel(key: K): boolean {
    if (!this.#deadlines.delete(key)) return false;
    this.#firstEvent.delete(key);
    this.#rearm();
    return true;
  }

  /** Drops every pending key and disarms the timer; `debounceHits` is a running total and stays. */
  clear(): void {
    this.#deadlines.clear();
    this.#firstEvent.clear();
    this.#rearm();
  }

  close(): void {
    this.clear();
  }

  /** Applies to schedules from now on; deadlines already set keep their time. */
  setDebounceInterval(ms: number): void {
    checkDebounce(ms, this.#options.maxWait, (reason) => `Cannot set debounce interval: ${reason}`);
    this.#debounce = ms;
  }

  /**
   * Removes every key whose deadline has passed and hands them, earliest first, to `onDue`
   * in one call; returns them. The timer calls this; calling it directly is harmless.
   */
  drain(): K[] {
    const now = this.#options.clock.now();
    const due: K[] = [];
    for (let head = this.#deadlines.peek(); head && head.priority <= now; ) {
      this.#deadlines.pop();
      this.#firstEvent.delete(head.key);
      due.push(head.key);
      head = this.#deadlines.peek();
    }
    // Re-arm before the callback so a throwing or re-scheduling onDue finds a consistent queue.
    this.#rearm();
    if (due.length > 0) {
      try {
        this.#options.onDue(due);
      } catch (error) {
        this.#options.onError(error);
      }
    }
    return due;
  }

  /**
   * Keeps one timer armed, never later than the earliest deadline. It is re-armed only when
   * that deadline moves earlier: when a reschedule moves it later (every trailing debounce),
   * the armed timer fires early, drain finds nothing due, and it is re-armed then, once.
   */
  #rearm(): void {
    const earliest = this.#deadlines.peek()?.priority;
    if (earliest === this.#armedFor) return;
    if (earliest !== undefined && this.#armedFor !== undefined && this.#armedFor < earliest) return;
    const { clock } = this.#options;
    if (this.#armedFor !== undefined) clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#armedFor = earliest;
    if (earliest === undefined) return;
    this.#timer = clock.setTimeout(() => this.#fire(), Math.max(0, earliest - clock.now()));
  }

  #fire(): void {
    // Forget the fired timer first: if it ran early, drain finds nothing due and re-arms.
    this.#timer = undefined;
    this.#armedFor = undefined;
    this.drain();
  }
}
