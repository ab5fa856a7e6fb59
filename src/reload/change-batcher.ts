import type { Clock } from "../schedule/clock.ts";
import { DeadlineQueue } from "../schedule/deadline-queue.ts";
import { QUIET_WINDOWS, QuietWindows } from "./quiet-windows.ts";

export interface ChangeBatcherOptions {
  /** A fixed quiet time in ms, or "auto": a short one, learned per plugin (QuietWindows). */
  readonly debounce: number | "auto";
  readonly maxWait: number;
  readonly clock: Clock;
  /** A plugin folder's changes are due: every file changed since its last batch. */
  readonly onBatch: (key: string, files: string[]) => void;
}

/**
 * Collects changed files per plugin folder and hands each folder's files over once its
 * debounce (capped by maxWait) runs out: one batch per plugin per save storm.
 */
export class ChangeBatcher {
  readonly #queue: DeadlineQueue<string>;
  readonly #files = new Map<string, Set<string>>();
  readonly #onBatch: ChangeBatcherOptions["onBatch"];
  readonly #windows: QuietWindows<string> | undefined;
  /** The fixed debounce, or auto's starting window. */
  readonly #debounce: number;
  #drainWaiters: (() => void)[] = [];

  constructor(options: ChangeBatcherOptions) {
    this.#onBatch = options.onBatch;
    const auto = options.debounce === "auto";
    this.#windows = auto ? new QuietWindows({ ...QUIET_WINDOWS, clock: options.clock }) : undefined;
    this.#debounce = auto ? QUIET_WINDOWS.base : (options.debounce as number);
    this.#queue = new DeadlineQueue<string>({
      debounce: this.#debounce,
      maxWait: options.maxWait,
      clock: options.clock,
      onDue: (keys) => this.#due(keys),
    });
  }

  /** Changes seen again before their batch was due (the seed's debounce hits). */
  get debounceHits(): number {
    return this.#queue.debounceHits;
  }

  /** Plugin folders with changes waiting out their debounce. */
  get pending(): number {
    return this.#queue.size;
  }

  /**
   * `files` changed in the plugin folder `key`: due once they have been quiet for its window,
   * and at least `atLeastMs` from now.
   */
  add(key: string, files: Iterable<string>, atLeastMs = 0): void {
    this.#note(key, files);
    const window = this.#windows?.changed(key) ?? this.#debounce;
    this.#queue.schedule(key, Math.max(window, atLeastMs));
  }

  /** `key` is due again exactly `delayMs` from now (its files were still being written). */
  retry(key: string, files: Iterable<string>, delayMs: number): void {
    this.#note(key, files);
    this.#queue.scheduleIn(key, delayMs);
  }

  #note(key: string, files: Iterable<string>): void {
    const pending = this.#files.get(key) ?? new Set<string>();
    for (const file of files) pending.add(file);
    this.#files.set(key, pending);
  }

  /** Resolves once no batch is waiting out its debounce. */
  async drained(): Promise<void> {
    while (this.#queue.size > 0) await new Promise<void>((done) => this.#drainWaiters.push(done));
  }

  /** Drops what is pending and disarms the timer. */
  close(): void {
    this.#queue.close();
    this.#files.clear();
    this.#due([]);
  }

  #due(keys: string[]): void {
    for (const key of keys) {
      this.#windows?.due(key);
      const files = [...(this.#files.get(key) ?? [])];
      this.#files.delete(key);
      this.#onBatch(key, files);
    }
    for (const done of this.#drainWaiters.splice(0)) done();
  }
}
