import { RecentSamples } from "../recent-samples.ts";
import type { Clock } from "../schedule/clock.ts";

type Answer = Response | undefined | Promise<Response | undefined>;

interface Held {
  readonly request: Request;
  readonly arrived: number;
  readonly timer: unknown;
  readonly resolve: (response: Answer) => void;
}

/**
 * The requests a listener holds while no generation serves for a moment (stop-first's swap, a
 * first load): each waits for the next generation, or for its bound, in arrival order, and
 * how long they waited is kept for the p50 and p95 that /status and /metrics show.
 */
export class HeldRequests {
  readonly #clock: Clock;
  readonly #held: Held[] = [];
  readonly #waits = new RecentSamples();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Requests waiting now. */
  get size(): number {
    return this.#held.length;
  }

  quantile(q: number): number {
    return this.#waits.quantile(q);
  }

  /** `request` waits; past `timeoutMs` it is answered by `expired()` instead. */
  hold(
    request: Request,
    timeoutMs: number,
    expired: () => Response,
  ): Promise<Response | undefined> {
    return new Promise((resolve) => {
      const held: Held = {
        request,
        arrived: this.#clock.now(),
        resolve,
        timer: this.#clock.setTimeout(() => {
          this.#held.splice(this.#held.indexOf(held), 1);
          this.#waits.push(this.#clock.now() - held.arrived);
          resolve(expired());
        }, timeoutMs),
      };
      this.#held.push(held);
    });
  }

  /** Every held request, in order, is answered by `answer` (a generation serves now). */
  release(answer: (request: Request) => Answer): void {
    const now = this.#clock.now();
    for (const held of this.#held.splice(0)) {
      this.#clock.clearTimeout(held.timer);
      this.#waits.push(now - held.arrived);
      held.resolve(answer(held.request));
    }
  }

  /** Every held request is answered by `refusal()` at once (none will serve). */
  refuse(refusal: () => Response): void {
    for (const held of this.#held.splice(0)) {
      this.#clock.clearTimeout(held.timer);
      held.resolve(refusal());
    }
  }
}
