/** Bucket bounds (ms) of the duration histograms /metrics exposes (reloads, type checks). */
export const DURATION_BUCKETS_MS = [
  1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000,
] as const;

/** What a histogram has counted, as Prometheus reads it. */
export interface DurationCounts {
  readonly count: number;
  readonly sumMs: number;
  /** Cumulative counts per bound of DURATION_BUCKETS_MS. */
  readonly buckets: readonly number[];
}

/** A histogram that has counted nothing (yet). */
export const NO_DURATIONS: DurationCounts = Object.freeze({
  count: 0,
  sumMs: 0,
  buckets: Object.freeze(DURATION_BUCKETS_MS.map(() => 0)),
});

/** Durations counted into DURATION_BUCKETS_MS, with their count and sum. */
export class DurationHistogram {
  #count = 0;
  #sumMs = 0;
  readonly #perBucket: number[] = DURATION_BUCKETS_MS.map(() => 0);

  observe(ms: number): void {
    this.#count++;
    this.#sumMs += ms;
    const bucket = DURATION_BUCKETS_MS.findIndex((bound) => ms <= bound);
    if (bucket !== -1) this.#perBucket[bucket] = (this.#perBucket[bucket] ?? 0) + 1;
  }

  counts(): DurationCounts {
    let cumulative = 0;
    return {
      count: this.#count,
      sumMs: this.#sumMs,
      buckets: this.#perBucket.map((n) => (cumulative += n)),
    };
  }
}
