// Percentiles over the most recent samples: a window keeps memory flat over long sessions.
const WINDOW = 1024;

/** The last 1,024 samples of a duration, for its percentiles. */
export class RecentSamples {
  #samples: number[] = [];
  /** Sorted once per change: every /status and /metrics read asks for two quantiles. */
  #sorted: number[] | undefined;

  get size(): number {
    return this.#samples.length;
  }

  push(value: number): void {
    this.#samples.push(value);
    if (this.#samples.length > WINDOW) this.#samples.shift();
    this.#sorted = undefined;
  }

  /** The `q` quantile (0..1) of the window, by the nearest rank; 0 when empty. */
  quantile(q: number): number {
    this.#sorted ??= [...this.#samples].sort((a, b) => a - b);
    const sorted = this.#sorted;
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  }
}
