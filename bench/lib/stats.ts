import type { Figure } from "./types.ts";

/** Nearest-rank percentile of `values` (0 < p <= 100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError("Cannot take a percentile: no values");
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("Cannot take a median: no values");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Median, min and max of repeated runs; `withP95` adds the 95th percentile (latencies). */
export function figure(
  name: string,
  unit: string,
  values: readonly number[],
  withP95 = false,
): Figure {
  const base = {
    name,
    unit,
    median: median(values),
    min: Math.min(...values),
    max: Math.max(...values),
    runs: values.length,
  };
  return withP95 ? { ...base, p95: percentile(values, 95) } : base;
}
