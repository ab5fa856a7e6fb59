import type { Clock } from "../schedule/clock.ts";

export interface QuietWindowsOptions {
  /** The window of a plugin whose saves are single quick writes (editors, cp, git). */
  readonly base: number;
  /** The longest a learned window grows. */
  readonly max: number;
  /** A change this soon after a plugin's batch came due is the tail of the same save. */
  readonly tail: number;
  /** Saves in a row that did not need the longer window before it is forgotten. */
  readonly forgetAfter: number;
  readonly clock: Clock;
}

/**
 * A formatter or a second tool write lands within a few tens of milliseconds of the save; a
 * person's next save, or a script's, comes later than that. 50 ms tells them apart here.
 */
export const QUIET_WINDOWS: Omit<QuietWindowsOptions, "clock"> = {
  base: 8,
  max: 60,
  tail: 50,
  forgetAfter: 3,
};

interface KeyState {
  window: number;
  firstEvent: number | undefined;
  lastEvent: number | undefined;
  dueAt: number | undefined;
  quietSaves: number;
  /** This batch holds a tail: it was the save that needed the longer window. */
  grew: boolean;
}

/**
 * The default debounce (`--debounce auto`): how long each plugin's changes must be quiet
 * before it reloads, learned per plugin. It starts short (8 ms: an editor's whole save, even
 * vim's five steps, lands within a few milliseconds), so a save runs ~10 ms later. When a
 * change arrives within `tail` ms after the plugin's batch came due, the save was not over (a
 * formatter rewriting the file 30 ms later, a tool writing in bursts): the window grows to
 * cover that gap, so the next such save is one reload. After `forgetAfter` saves in a row
 * that were over within the short window, it is short again.
 */
export class QuietWindows<K> {
  readonly #options: QuietWindowsOptions;
  readonly #keys = new Map<K, KeyState>();

  constructor(options: QuietWindowsOptions) {
    this.#options = options;
  }

  /** A change for `key` now: the quiet window to wait before its batch is due. */
  changed(key: K): number {
    const now = this.#options.clock.now();
    const { base, max, tail } = this.#options;
    let state = this.#keys.get(key);
    if (!state) {
      state = {
        window: base,
        firstEvent: undefined,
        lastEvent: undefined,
        dueAt: undefined,
        quietSaves: 0,
        grew: false,
      };
      this.#keys.set(key, state);
    }
    if (state.dueAt !== undefined && state.lastEvent !== undefined && now - state.dueAt <= tail) {
      // The last batch came due while its save was still being written.
      state.window = Math.min(max, Math.max(state.window, now - state.lastEvent + base));
      state.quietSaves = 0;
      state.grew = true;
    }
    state.dueAt = undefined;
    state.firstEvent ??= now;
    state.lastEvent = now;
    return state.window;
  }

  /** `key`'s batch came due now: its save is taken to be over. */
  due(key: K): void {
    const state = this.#keys.get(key);
    if (!state) return;
    const { base, forgetAfter } = this.#options;
    const span = (state.lastEvent ?? 0) - (state.firstEvent ?? 0);
    const quiet = !state.grew && span <= base;
    state.grew = false;
    if (state.window > base && quiet && ++state.quietSaves >= forgetAfter) {
      state.window = base;
      state.quietSaves = 0;
    }
    state.firstEvent = undefined;
    state.dueAt = this.#options.clock.now();
  }
}
