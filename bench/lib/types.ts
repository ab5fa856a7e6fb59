/** One measured quantity: a median over `runs` repetitions, with the spread. */
export interface Figure {
  readonly name: string;
  readonly unit: string;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
  /** For latency distributions: the 95th percentile of the samples. */
  readonly p95?: number;
}

/** A figure divided by its baseline's figure, both measured in the same run. */
export interface Comparison {
  readonly name: string;
  readonly ratio: number;
  readonly against: string;
}

export interface Target {
  readonly name: string;
  readonly goal: string;
  readonly actual: string;
  readonly met: boolean;
}

export interface BenchResult {
  readonly figures: Figure[];
  readonly comparisons: Comparison[];
  readonly targets: Target[];
  readonly notes: string[];
}

export interface BenchContext {
  readonly quick: boolean;
  /** A line on stderr, tagged with the benchmark's name. */
  progress(message: string): void;
}

export interface Benchmark {
  readonly name: string;
  readonly title: string;
  run(ctx: BenchContext): Promise<BenchResult>;
}
