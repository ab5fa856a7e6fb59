import type { Clock } from "../schedule/clock.ts";
import { DeadlineQueue } from "../schedule/deadline-queue.ts";

/** How `--debounce auto` learns each plugin's window. */
export interface AutoWindows {
  /** The window of a plugin whose saves are single quick writes (editors, cp, git). */
  readonly base: number;
  /** The longest a learned window grows. */
  readonly max: number;
  /** A change this soon after a plugin's batch came due is the tail of the same save. */
  readonly tail: number;
  /** Saves in a row that did not need the longer window before it is forgotten. */
  readonly forgetAfter: number;
}

/**
 * A formatter or a second tool write lands within a few tens of milliseconds of the save; a
 * person's next save, or a script's, comes later than that. 50 ms tells them apart here.
 */
export const AUTO_WINDOWS: AutoWindows = { base: 8, max: 60, tail: 50, forgetAfter: 3 };

export interface PendingChangesOptions {
  /** A fixed quiet time in ms, or "auto": a short one, learned per plugin. */
  readonly debounce: number | "auto";
  readonly maxWait: number;
  readonly clock: Clock;
  /** A plugin folder's changes are due: every file changed since its last batch. */
  readonly onBatch: (key: string, files: string[]) => void;
  /** Overrides AUTO_WINDOWS (tests). */
  readonly auto?: AutoWindows;
}

/** What `auto` knows of one plugin's saves. */
interface Learned {
  window: number;
  firstEvent: number | undefined;
  lastEvent: number | undefined;
  dueAt: number | undefined;
  quietSaves: number;
  /** This batch holds a tail: it was the save that needed the longer window. */
  grew: boolean;
}

/**
 * The debounce, as one thing: changed files collected per plugin folder, handed over once the
 * folder has been quiet for its window (capped by maxWait), over one deadline queue with one
 * timer. With `--debounce auto` the window starts short (8 ms: an editor's whole save, even
 * vim's five steps, lands within a few milliseconds, so a save runs ~10 ms later) and is
 * learned per plugin: a change within `tail` ms after the plugin's batch came due means the
 * save was not over (a formatter rewriting the file 30 ms later), so the window grows to cover
 * that gap and the next such save is one reload; after `forgetAfter` saves in a row that were
 * over within the short window, it is short again. A plugin that is gone is forgotten.
 */
export class PendingChanges {
  readonly #queue: DeadlineQueue<string>;
  readonly #files = new Map<string, Set<string>>();
  readonly #learned = new Map<string, Learned>();
  readonly #options: PendingChangesOptions;
  readonly #auto: AutoWindows | undefined;
  /** The fixed debounce, or auto's starting window. */
  readonly #debounce: number;
  #drainWaiters: (() => void)[] = [];

  constructor(options: PendingChangesOptions) {
    this.#options = options;
    this.#auto = options.debounce === "auto" ? (options.auto ?? AUTO_WINDOWS) : undefined;
    this.#debounce = this.#auto ? this.#auto.base : (options.debounce as number);
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
    this.#queue.schedule(key, Math.max(this.#window(key), atLeastMs));
  }

  /** `key` is due again exactly `delayMs` from now (its files were still being written). */
  retry(key: string, files: Iterable<string>, delayMs: number): void {
    this.#note(key, files);
    this.#queue.scheduleIn(key, delayMs);
  }

  /** The plugin in `key` is gone: what was learned of its saves goes too. */
  forget(key: string): void {
    this.#learned.delete(key);
  }

  /** Resolves once no batch is waiting out its debounce. */
  async drained(): Promise<void> {
    while (this.#queue.size > 0) await new Promise<void>((done) => this.#drainWaiters.push(done));
  }

  /** Drops what is pending and disarms the timer. */
  close(): void {
    this.#queue.close();
    this.#files.clear();
    this.#learned.clear();
    this.#due([]);
  }

  #note(key: string, files: Iterable<string>): void {
    const pending = this.#files.get(key) ?? new Set<string>();
    for (const file of files) pending.add(file);
    this.#files.set(key, pending);
  }

  /** The window to wait for `key`'s change now; learns from when the change came. */
  #window(key: string): number {
    const auto = this.#auto;
    if (!auto) return this.#debounce;
    const now = this.#options.clock.now();
    let learned = this.#learned.get(key);
    if (!learned) {
      learned = {
        window: auto.base,
        firstEvent: undefined,
        lastEvent: undefined,
        dueAt: undefined,
        quietSaves: 0,
        grew: false,
      };
      this.#learned.set(key, learned);
    }
    const { dueAt, lastEvent } = learned;
    if (dueAt !== undefined && lastEvent !== undefined && now - dueAt <= auto.tail) {
      // The last batch came due while its save was still being written.
      learned.window = Math.min(auto.max, Math.max(learned.window, now - lastEvent + auto.base));
      learned.quietSaves = 0;
      learned.grew = true;
    }
    learned.dueAt = undefined;
    learned.firstEvent ??= now;
    learned.lastEvent = now;
    return learned.window;
  }

  /** `key`'s batch came due now: its save is taken to be over. */
  #saveOver(key: string): void {
    const auto = this.#auto;
    const learned = this.#learned.get(key);
    if (!auto || !learned) return;
    const span = (learned.lastEvent ?? 0) - (learned.firstEvent ?? 0);
    const quiet = !learned.grew && span <= auto.base;
    learned.grew = false;
    if (learned.window > auto.base && quiet && ++learned.quietSaves >= auto.forgetAfter) {
      learned.window = auto.base;
      learned.quietSaves = 0;
    }
    learned.firstEvent = undefined;
    learned.dueAt = this.#options.clock.now();
  }

  #due(keys: string[]): void {
    for (const key of keys) {
      this.#saveOver(key);
      const files = [...(this.#files.get(key) ?? [])];
      this.#files.delete(key);
      this.#options.onBatch(key, files);
    }
    for (const done of this.#drainWaiters.splice(0)) done();
  }
}
