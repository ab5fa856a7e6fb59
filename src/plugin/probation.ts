import { ReloadError } from "../errors/reload-error.ts";
import type { Clock } from "../schedule/clock.ts";
import type { Candidate, Generation } from "./generation-runner.ts";
import type { PluginRecord } from "./plugin-record.ts";

/** The code a plugin falls back to: the last generation that passed its probation. */
export interface LastGood {
  readonly candidate: Candidate;
  /** Its generation number: a rollback runs it again under it. */
  readonly number: number;
}

/** What /status shows of a plugin on probation. */
export interface ProbationStatus {
  /** The generation on probation. */
  readonly generation: number;
  /** The generation it falls back to. */
  readonly lastGood: number;
  readonly leftMs: number;
}

export interface ProbationOptions {
  readonly clock: Clock;
  /** Bounds each health() check. */
  readonly timeoutMs: number;
  /**
   * The generation on trial failed: its rollback is asked for, to run in the plugin's turn
   * (never in the middle of a reload of it).
   */
  readonly failed: (name: string, error: ReloadError) => void;
}

interface Window {
  readonly lastGood: LastGood;
  readonly trial: Generation;
  readonly endsAt: number;
  readonly timers: unknown[];
  /** Its failure was reported: the window stays open until the rollback takes it. */
  failing: boolean;
}

/** A serving generation fails probation when more than half of at least this many are 5xx. */
export const MIN_JUDGED_REQUESTS = 10;
/** Health checks on probation come at least this far apart. */
export const MIN_HEALTH_INTERVAL_MS = 50;

/**
 * Probation after a swap (DESIGN.md, Safe swaps), per plugin: for its window the previous
 * code stays ready (its candidate, so its modules or its worker, is not released), and the new
 * generation is judged: health() every window/10 (at least 50 ms), and for a serving plugin its
 * answers. An uncaught error attributed to it is the lifecycle's to report here. A failure asks
 * for the rollback; a window that ends clean releases the previous code. A save during a
 * window puts the newer generation on trial against the same last good code.
 */
export class Probations {
  readonly #options: ProbationOptions;
  readonly #windows = new Map<string, Window>();

  constructor(options: ProbationOptions) {
    this.#options = options;
  }

  /**
   * `trial` replaced `old` and serves now. With a window of `windowMs`, the last good code is
   * kept (the one already kept, when `old` was itself on trial); otherwise `old`'s code is let
   * go. What is no longer needed is disposed.
   */
  async swapped(record: PluginRecord, old: Generation, trial: Generation, windowMs: number) {
    const previous = this.#windows.get(record.name);
    this.#close(record.name);
    const lastGood = previous?.lastGood ?? { candidate: old.candidate, number: old.number };
    if (previous && old.candidate !== lastGood.candidate) await old.candidate.dispose();
    if (windowMs <= 0) {
      if (lastGood.candidate !== trial.candidate) await lastGood.candidate.dispose();
      return;
    }
    this.#open(record, lastGood, trial, windowMs);
  }

  /** The window of `name`, taken for its rollback: what it falls back to. */
  take(name: string): LastGood | undefined {
    const window = this.#windows.get(name);
    this.#close(name);
    return window?.lastGood;
  }

  /** Whether `generation` of `name` is on trial now. */
  onTrial(name: string, generation: Generation | undefined): boolean {
    return generation !== undefined && this.#windows.get(name)?.trial === generation;
  }

  status(name: string): ProbationStatus | null {
    const window = this.#windows.get(name);
    if (!window) return null;
    return {
      generation: window.trial.number,
      lastGood: window.lastGood.number,
      leftMs: Math.max(0, window.endsAt - this.#options.clock.now()),
    };
  }

  /** The plugin is gone (unloaded, shut down): the code it kept goes too. */
  async forget(name: string): Promise<void> {
    const lastGood = this.take(name);
    await lastGood?.candidate.dispose();
  }

  #open(record: PluginRecord, lastGood: LastGood, trial: Generation, windowMs: number): void {
    const { clock } = this.#options;
    const window: Window = {
      lastGood,
      trial,
      endsAt: clock.now() + windowMs,
      timers: [],
      failing: false,
    };
    this.#windows.set(record.name, window);
    const every = Math.max(MIN_HEALTH_INTERVAL_MS, Math.floor(windowMs / 10));
    const check = () => {
      window.timers.shift();
      void this.#judge(record, window).finally(() => {
        if (this.#windows.get(record.name) === window && !window.failing) {
          window.timers.push(clock.setTimeout(check, every));
        }
      });
    };
    window.timers.push(clock.setTimeout(check, Math.min(every, windowMs)));
    window.timers.push(
      clock.setTimeout(() => {
        if (this.#windows.get(record.name) !== window || window.failing) return;
        this.#close(record.name);
        void lastGood.candidate.dispose();
      }, windowMs),
    );
  }

  /** One look at the generation on trial: its health, and how its requests were answered. */
  async #judge(record: PluginRecord, window: Window): Promise<void> {
    const { trial } = window;
    let reason: string | undefined;
    const answers = trial.serving && record.listener?.outcomes(trial.serving);
    if (
      answers &&
      answers.answered >= MIN_JUDGED_REQUESTS &&
      answers.serverErrors * 2 > answers.answered
    ) {
      reason = `${answers.serverErrors} of its ${answers.answered} answers were 5xx`;
    } else {
      const health = await trial.health(this.#options.timeoutMs).catch((error: unknown) => ({
        ok: false,
        message: (error as Error).message,
      }));
      if (!health.ok) reason = `health() said not ok${health.message ? `: ${health.message}` : ""}`;
    }
    if (reason === undefined || this.#windows.get(record.name) !== window || window.failing) return;
    this.fail(record.name, reason);
  }

  /** The generation on trial failed: no more checks, and its rollback is asked for. */
  fail(name: string, reason: string): void {
    const error = this.failure(name, reason);
    const window = this.#windows.get(name);
    if (!error || !window || window.failing) return;
    window.failing = true;
    for (const timer of window.timers) this.#options.clock.clearTimeout(timer);
    window.timers.length = 0;
    this.#options.failed(name, error);
  }

  /** The error that rolls `name` back: what failed, and the generation it goes back to. */
  failure(name: string, reason: string, cause?: unknown): ReloadError | undefined {
    const window = this.#windows.get(name);
    if (!window) return undefined;
    const { trial, lastGood } = window;
    return new ReloadError(
      `${name}: generation ${trial.number} failed its probation: ${reason}; back to generation ${lastGood.number}`,
      { pluginName: name, phase: "probation", cause, file: trial.candidate.entry },
    );
  }

  #close(name: string): void {
    const window = this.#windows.get(name);
    if (!window) return;
    for (const timer of window.timers) this.#options.clock.clearTimeout(timer);
    this.#windows.delete(name);
  }
}
