import { clearTimeout, setTimeout } from "node:timers";

/** Timers run on whole milliseconds: a path due within this much is due now. */
const TIMER_SLACK_MS = 0.5;

/**
 * Paths to look at again `delayMs` after they were added, with one timer for all of them.
 * Every path is due the same delay after it was added, so insertion order is due order: a Map
 * kept in that order (adding a path again moves it to the end) is the whole queue.
 */
export class RecheckQueue {
  readonly #due = new Map<string, number>();
  readonly #delayMs: number;
  readonly #onDue: (paths: string[]) => void;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(delayMs: number, onDue: (paths: string[]) => void) {
    this.#delayMs = delayMs;
    this.#onDue = onDue;
  }

  add(path: string): void {
    this.#due.delete(path);
    this.#due.set(path, performance.now() + this.#delayMs);
    this.#timer ??= setTimeout(() => this.#fire(), this.#delayMs);
  }

  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#due.clear();
  }

  #fire(): void {
    this.#timer = undefined;
    const now = performance.now() + TIMER_SLACK_MS;
    const paths: string[] = [];
    for (const [path, due] of this.#due) {
      if (due > now) {
        this.#timer = setTimeout(() => this.#fire(), due - now);
        break;
      }
      this.#due.delete(path);
      paths.push(path);
    }
    if (paths.length > 0) this.#onDue(paths);
  }
}
