import type { ReloadCause } from "../host-events.ts";

export interface ReloadJob<K, R = void> {
  readonly key: K;
  cause: ReloadCause;
  readonly files: Set<string>;
  /** Reload even if nothing differs on disk: any request of the job asked for it. */
  force: boolean;
  readonly waiters: ((result: R | undefined) => void)[];
}

export interface ReloadSchedulerOptions<K, R = void> {
  /** Most transactions at once; the rest wait in the queue, never dropped. */
  readonly concurrency: number;
  readonly run: (job: ReloadJob<K, R>) => Promise<R>;
  /** Keys that must finish before `key` may start: its dependencies, direct or not. */
  readonly dependenciesOf: (key: K) => Iterable<K>;
}

// A change reload also picks up new dependencies, so it absorbs a queued dependency restart.
const RANK: Record<ReloadCause, number> = { dependency: 0, manual: 1, change: 2 };

/**
 * One transaction per key at a time: work that arrives for a running key waits as exactly one
 * follow-up. At most `concurrency` run at once. A key never starts while one of its
 * dependencies is running or queued, so dependents reload after their dependencies, once.
 */
export class ReloadScheduler<K, R = void> {
  readonly #options: ReloadSchedulerOptions<K, R>;
  readonly #queue = new Map<K, ReloadJob<K, R>>();
  readonly #running = new Set<K>();
  #idleWaiters: (() => void)[] = [];
  #maxRunning = 0;
  #paused = false;

  constructor(options: ReloadSchedulerOptions<K, R>) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
      throw new RangeError(
        `Cannot create ReloadScheduler: concurrency must be an integer >= 1, got ${options.concurrency}`,
      );
    }
    this.#options = options;
  }

  get queueLength(): number {
    return this.#queue.size;
  }

  get active(): number {
    return this.#running.size;
  }

  /** The most transactions that ever ran at once. */
  get maxActive(): number {
    return this.#maxRunning;
  }

  /**
   * Resolves with what the job that covers this request returned (undefined if it threw),
   * once it has finished.
   */
  enqueue(
    key: K,
    cause: ReloadCause,
    files: Iterable<string> = [],
    force = false,
  ): Promise<R | undefined> {
    let job = this.#queue.get(key);
    if (!job) {
      job = { key, cause, files: new Set(), force, waiters: [] };
      this.#queue.set(key, job);
    } else if (RANK[cause] > RANK[job.cause]) {
      job.cause = cause;
    }
    job.force ||= force;
    for (const file of files) job.files.add(file);
    const done = new Promise<R | undefined>((resolve) => job.waiters.push(resolve));
    this.#pump();
    return done;
  }

  /** Queues work without starting it, e.g. while the host starts its plugins. */
  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    this.#pump();
  }

  /** Resolves when nothing is running or queued. */
  idle(): Promise<void> {
    if (this.#queue.size === 0 && this.#running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #pump(): void {
    if (this.#paused) return;
    for (const job of this.#queue.values()) {
      if (this.#running.size >= this.#options.concurrency) return;
      if (this.#running.has(job.key) || this.#blocked(job.key)) continue;
      this.#queue.delete(job.key);
      this.#start(job);
    }
    if (this.#running.size === 0 && this.#queue.size === 0) {
      const waiters = this.#idleWaiters;
      this.#idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  #blocked(key: K): boolean {
    for (const dep of this.#options.dependenciesOf(key)) {
      if (dep !== key && (this.#running.has(dep) || this.#queue.has(dep))) return true;
    }
    return false;
  }

  #start(job: ReloadJob<K, R>): void {
    this.#running.add(job.key);
    this.#maxRunning = Math.max(this.#maxRunning, this.#running.size);
    // run() reports its own failures; a throw here must still free the slot.
    this.#options
      .run(job)
      .catch(() => undefined)
      .then((result) => {
        this.#running.delete(job.key);
        for (const resolve of job.waiters) resolve(result);
        this.#pump();
      });
  }
}
