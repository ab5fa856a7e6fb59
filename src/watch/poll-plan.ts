import type { Change, Snapshot } from "./snapshot.ts";

/** Files that changed stay hot until this many newer ones push them out (a `git checkout` of
 * thousands of files must not make every poll check thousands). */
export const RECENT_FILES = 512;
/** A cold cycle lasts at least this many polls. */
export const COLD_CYCLE_POLLS = 4;
/**
 * The share of a core that checking cold files may take: it sets the cycle on large trees
 * (10,000 files: 20 ms a cycle, so the 4-poll floor wins; 100,000: a cycle of about 4 s).
 */
export const COLD_CPU_SHARE = 0.05;
/** What one check costs before any was measured (lstat + compare on Bun 1.4.5 here: ~2 us). */
const INITIAL_MS_PER_FILE = 0.002;
/** Weight of the newest measurement in the running cost per file. */
const COST_WEIGHT = 0.2;

/**
 * What each poll checks besides the folders: the hot files (the host's, and those that changed
 * recently) every poll, and the next slice of every other file, so each is checked once per cold
 * cycle: max(COLD_CYCLE_POLLS polls, the time that keeps those checks at COLD_CPU_SHARE).
 * A scan of everything every poll would cost 10,000 files x 2 us every 250 ms: 8% of a core.
 */
export class PollPlan {
  readonly #intervalMs: number;
  readonly #recent = new Map<string, true>();
  #order: string[] = [];
  #cursor = 0;
  #cycleMs: number;
  #msPerFile = INITIAL_MS_PER_FILE;
  #lastPoll: number | undefined;

  readonly #now: () => number;

  /** `now`: a millisecond clock (tests pass a fake one). */
  constructor(intervalMs: number, now: () => number = () => performance.now()) {
    this.#intervalMs = intervalMs;
    this.#now = now;
    this.#cycleMs = COLD_CYCLE_POLLS * intervalMs;
  }

  /** The cold cycle in progress: a file changed in place that is not hot waits at most this. */
  get cycleMs(): number {
    return this.#cycleMs;
  }

  noteChanges(changes: readonly Change[]): void {
    for (const { type, path } of changes) {
      if (type === "deleted") continue;
      this.#recent.delete(path);
      this.#recent.set(path, true);
    }
    for (const path of this.#recent.keys()) {
      if (this.#recent.size <= RECENT_FILES) break;
      this.#recent.delete(path);
    }
  }

  /**
   * Calls `check` once for every hot file: the host's (`host`) and the recently changed ones.
   * A plugin file saved lately is both: a second check in the same poll would find nothing new.
   */
  hot(host: Iterable<string> | undefined, check: (path: string) => void): void {
    if (host) for (const path of host) if (!this.#recent.has(path)) check(path);
    for (const path of this.#recent.keys()) check(path);
  }

  /**
   * Calls `check` for this poll's slice of the cold cycle, and learns what a check costs.
   * The slice is sized by the real time between polls (the interval plus the poll itself), so
   * the cycle lasts what it says.
   */
  cold(files: Snapshot, check: (path: string) => void): void {
    const started = this.#now();
    const periodMs = this.#lastPoll === undefined ? this.#intervalMs : started - this.#lastPoll;
    this.#lastPoll = started;
    if (this.#cursor >= this.#order.length) this.#startCycle(files);
    const slice = Math.ceil((this.#order.length * periodMs) / this.#cycleMs);
    const end = Math.min(this.#order.length, this.#cursor + slice);
    const from = this.#cursor;
    for (; this.#cursor < end; this.#cursor++) check(this.#order[this.#cursor] as string);
    if (end > from) {
      const perFile = (this.#now() - started) / (end - from);
      this.#msPerFile += COST_WEIGHT * (perFile - this.#msPerFile);
    }
  }

  #startCycle(files: Snapshot): void {
    this.#order = [...files.keys()];
    this.#cursor = 0;
    const floor = COLD_CYCLE_POLLS * this.#intervalMs;
    this.#cycleMs = Math.max(floor, (files.size * this.#msPerFile) / COLD_CPU_SHARE);
  }
}
