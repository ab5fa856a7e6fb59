import type { ServeAbilities } from "../plugin/plugin.ts";
import type { Clock } from "../schedule/clock.ts";
import type { ServeTarget } from "./serve-target.ts";
import { type TrackedResponse, trackBody } from "./tracked-body.ts";

type Answer = Response | undefined | Promise<Response | undefined>;

/** One request a generation took; `answer` ends it early (a drain past its bound). */
interface Flight {
  answered: boolean;
  tracked?: TrackedResponse;
  answer?: (response: Response) => void;
}

export interface DrainResult {
  /** In flight when the drain began, and ended within the bound. */
  readonly drained: number;
  /** Still open at the bound: answered 503, or their body cut. */
  readonly timedOut: number;
}

/** How one target's requests were answered: what probation judges a new generation by. */
export interface TargetOutcomes {
  readonly answered: number;
  /** Answered 5xx, by the target or for it (its handler threw). */
  readonly serverErrors: number;
}

export interface FlightHooks {
  /** A handler threw, or its promise rejected: the 500 to answer with. */
  failed(error: unknown): Response;
  /** A drain ran out before this request was answered: the 503 to answer with. */
  cut(): Response;
  /** The last request in flight ended. */
  idle(flights: TargetFlights): void;
}

/**
 * The requests one target (a generation) took that have not ended, body included, and how it
 * answered them. A drain waits for the last of them, and past its bound ends the rest: a
 * request not answered yet gets 503, a body still streaming is cut.
 */
export class TargetFlights {
  readonly target: ServeTarget;
  readonly #hooks: FlightHooks;
  readonly #flights = new Set<Flight>();
  readonly #outcomes = { answered: 0, serverErrors: 0 };
  #draining: (() => void) | undefined;

  constructor(target: ServeTarget, hooks: FlightHooks) {
    this.target = target;
    this.#hooks = hooks;
  }

  get size(): number {
    return this.#flights.size;
  }

  get draining(): boolean {
    return this.#draining !== undefined;
  }

  get outcomes(): TargetOutcomes {
    return { ...this.#outcomes };
  }

  /** Hands `request` to the target; the flight ends with the response's body. */
  run(request: Request, abilities: ServeAbilities): Answer {
    const flight: Flight = { answered: false };
    this.#flights.add(flight);
    let result: ReturnType<ServeTarget["fetch"]>;
    try {
      result = this.target.fetch(request, abilities);
    } catch (error) {
      return this.#finish(flight, this.#hooks.failed(error));
    }
    if (!(result instanceof Promise)) return this.#finish(flight, result);
    return new Promise((resolve) => {
      flight.answer = resolve;
      result.then(
        (response) => resolve(this.#finish(flight, response)),
        (error: unknown) => resolve(this.#finish(flight, this.#hooks.failed(error))),
      );
    });
  }

  /** Resolves when every flight has ended, or at `timeoutMs` once the rest are ended for it. */
  drain(timeoutMs: number, clock: Clock): Promise<DrainResult> {
    const start = this.#flights.size;
    if (start === 0) return Promise.resolve({ drained: 0, timedOut: 0 });
    return new Promise((resolve) => {
      const timer = clock.setTimeout(() => {
        this.#draining = undefined;
        const timedOut = this.#flights.size;
        for (const flight of [...this.#flights]) this.#cut(flight);
        resolve({ drained: start - timedOut, timedOut });
      }, timeoutMs);
      this.#draining = () => {
        clock.clearTimeout(timer);
        this.#draining = undefined;
        resolve({ drained: start, timedOut: 0 });
      };
    });
  }

  #finish(flight: Flight, response: Response | undefined) {
    if (flight.answered) {
      // Answered 503 when its drain ran out: this late answer has no one to go to.
      void response?.body?.cancel().catch(() => {});
      return undefined;
    }
    flight.answered = true;
    this.#outcomes.answered++;
    if (response !== undefined && response.status >= 500) this.#outcomes.serverErrors++;
    if (response === undefined) {
      // Upgraded to a WebSocket: the request is over. Otherwise the handler forgot to answer.
      this.#end(flight);
      return undefined;
    }
    flight.tracked = trackBody(response, () => this.#end(flight));
    return flight.tracked.response;
  }

  #cut(flight: Flight): void {
    if (flight.answered) flight.tracked?.cut();
    else {
      flight.answered = true;
      flight.answer?.(this.#hooks.cut());
    }
    this.#end(flight);
  }

  #end(flight: Flight): void {
    if (!this.#flights.delete(flight) || this.#flights.size > 0) return;
    this.#draining?.();
    this.#hooks.idle(this);
  }
}
