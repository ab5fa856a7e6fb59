import type { ServeAbilities } from "../plugin/plugin.ts";
import { RecentSamples } from "../recent-samples.ts";
import type { Exchange, HttpServer, ListenAddress } from "../runtime/http-server.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { type Clock, systemClock } from "../schedule/clock.ts";
import { formatAddress } from "./listen-address.ts";
import { ServeError } from "./serve-error.ts";
import type { ServeTarget } from "./serve-target.ts";
import { SocketRouter } from "./socket-router.ts";
import { type TrackedResponse, trackBody } from "./tracked-body.ts";
import { unavailableResponse } from "./unavailable-response.ts";

export interface ListenerOptions {
  readonly plugin: string;
  readonly address: ListenAddress;
  readonly runtime: Pick<Runtime, "serve">;
  readonly clock?: Clock;
  /** A handler threw (the request was answered 500) or a WebSocket handler failed. */
  readonly onError?: (error: unknown) => void;
}

/** What /status, the dashboard and Prometheus show of a listener. */
export interface ListenerStats {
  readonly address: string;
  /** "serving" (a generation takes requests), "holding" (a reload), "unavailable", "closed". */
  readonly mode: "serving" | "holding" | "unavailable" | "closed";
  /** Requests a generation is answering now (a streamed body counts until it ends). */
  readonly inFlight: number;
  readonly webSockets: number;
  /** Requests handed to a generation, since the listener opened. */
  readonly requests: number;
  /** Requests that waited through a reload for the next generation, and how long. */
  readonly held: number;
  readonly holding: number;
  readonly heldWaitP50Ms: number;
  readonly heldWaitP95Ms: number;
  /** Requests that ended while their generation drained. */
  readonly drained: number;
  /** 503s the host answered: no generation, a hold or a drain past its bound. */
  readonly unavailable: number;
  /** 500s: a fetch handler threw or returned no Response. */
  readonly errors: number;
}

export interface DrainResult {
  /** In flight when the drain began, and ended within the bound. */
  readonly drained: number;
  /** Still open at the bound: answered 503, or their body cut. */
  readonly timedOut: number;
}

/** One request a generation took; `answer` ends it early (a drain past its bound). */
interface Flight {
  answered: boolean;
  tracked?: TrackedResponse;
  answer?: (response: Response) => void;
}

/** How one target's requests were answered: what probation judges a new generation by. */
export interface TargetOutcomes {
  readonly answered: number;
  /** Answered 5xx, by the target or for it (its handler threw). */
  readonly serverErrors: number;
}

/** The requests one target took that have not ended, and who waits for the last of them. */
interface TargetRecord {
  readonly target: ServeTarget;
  readonly flights: Set<Flight>;
  readonly outcomes: { answered: number; serverErrors: number };
  idle?: () => void;
}

interface Held {
  readonly request: Request;
  readonly arrived: number;
  readonly timer: unknown;
  readonly resolve: (response: Response | undefined | Promise<Response | undefined>) => void;
}

type Mode =
  | { readonly kind: "serving"; readonly record: TargetRecord }
  | { readonly kind: "holding"; readonly timeoutMs: number }
  | { readonly kind: "unavailable"; readonly state: string }
  | { readonly kind: "closed" };

/**
 * The listener the host keeps for one serving plugin: open from its first load to its unload,
 * whatever its generations do. The reload transaction says where requests go: `serve(target)`,
 * `hold()` while none serves for a moment, `unavailable(state)` while none will; `drain()`
 * waits for the requests a replaced generation took. No request is refused while it is open.
 */
export class PluginListener {
  readonly #plugin: string;
  readonly #runtime: Pick<Runtime, "serve">;
  readonly #clock: Clock;
  readonly #onError: (error: unknown) => void;
  readonly #sockets: SocketRouter;
  readonly #exchanges = new WeakMap<Request, Exchange>();
  readonly #records = new Map<ServeTarget, TargetRecord>();
  readonly #held: Held[] = [];
  readonly #waits = new RecentSamples();
  #server: HttpServer;
  #mode: Mode = { kind: "unavailable", state: "loading" };
  #counts = { requests: 0, held: 0, drained: 0, unavailable: 0, errors: 0 };

  private constructor(options: ListenerOptions, server: HttpServer, sockets: SocketRouter) {
    this.#plugin = options.plugin;
    this.#runtime = options.runtime;
    this.#clock = options.clock ?? systemClock;
    this.#onError = options.onError ?? (() => {});
    this.#server = server;
    this.#sockets = sockets;
  }

  /**
   * Listens at `options.address`, answering 503 ("loading") until the transaction calls
   * hold() or serve(). Rejects with ServeError (LISTEN_FAILED) when it cannot bind.
   */
  static async open(options: ListenerOptions): Promise<PluginListener> {
    const onError = options.onError ?? (() => {});
    const sockets = new SocketRouter(onError);
    let listener: PluginListener | undefined;
    const server = await PluginListener.#bind(options.plugin, options.runtime, options.address, {
      fetch: (request, exchange) => (listener as PluginListener).#dispatch(request, exchange),
      sockets: sockets.events,
    });
    listener = new PluginListener(options, server, sockets);
    return listener;
  }

  static async #bind(
    plugin: string,
    runtime: Pick<Runtime, "serve">,
    address: ListenAddress,
    handlers: Omit<Parameters<Runtime["serve"]>[0], "address">,
  ): Promise<HttpServer> {
    try {
      return await runtime.serve({ address, ...handlers });
    } catch (error) {
      throw new ServeError(plugin, formatAddress(address), error);
    }
  }

  /** Where it listens (the real port when 0 was asked). */
  get address(): ListenAddress {
    return this.#server.address;
  }

  /** The `upgrade` and `requestIP` of every serving generation's ctx. */
  readonly abilities: ServeAbilities = {
    upgrade: (request, options = {}) => {
      const exchange = this.#exchanges.get(request);
      if (!exchange) {
        throw new TypeError("Cannot upgrade: this request is not one this plugin is answering");
      }
      return exchange.upgrade({
        headers: options.headers,
        data: this.#sockets.accept(options.data),
      });
    },
    requestIP: (request) => this.#exchanges.get(request)?.remote() ?? null,
  };

  /** From now on requests go to `target`; held ones first, in their order. */
  serve(target: ServeTarget): void {
    this.#assertOpen("serve");
    let record = this.#records.get(target);
    if (!record) {
      record = { target, flights: new Set(), outcomes: { answered: 0, serverErrors: 0 } };
      this.#records.set(target, record);
    }
    this.#mode = { kind: "serving", record };
    const now = this.#clock.now();
    for (const held of this.#held.splice(0)) {
      this.#clock.clearTimeout(held.timer);
      this.#waits.push(now - held.arrived);
      held.resolve(this.#run(record, held.request));
    }
    this.#sockets.route(target.websocket);
  }

  /**
   * Stop-first's window: new requests wait for the next serve(), each for up to `timeoutMs`
   * (then 503), and none goes to the generation that is about to drain.
   */
  hold(timeoutMs: number): void {
    this.#assertOpen("hold");
    this.#mode = { kind: "holding", timeoutMs };
    this.#sockets.hold();
  }

  /**
   * No generation serves, and none is about to (failed, waiting, stopping): every request is
   * answered 503 at once, naming `state`; held ones too; WebSockets are closed (1013).
   */
  unavailable(state: string): void {
    this.#assertOpen("unavailable");
    this.#mode = { kind: "unavailable", state };
    this.#releaseHeld(state);
    this.#sockets.refuse(1013, `${this.#plugin} is ${state}`);
  }

  /**
   * Resolves when every request `target` took has ended (its response sent, its body read to
   * the end or cancelled). At `timeoutMs` the rest are ended for it: a request not answered
   * yet gets 503, a body still streaming is cut. Call it once `target` no longer serves.
   */
  drain(target: ServeTarget, timeoutMs: number): Promise<DrainResult> {
    const record = this.#records.get(target);
    if (this.#mode.kind === "serving" && this.#mode.record.target === target) {
      throw new TypeError(
        `Cannot drain generation ${target.generation}: it still serves (call hold(), serve() or unavailable() first)`,
      );
    }
    if (!record || record.flights.size === 0) {
      this.#records.delete(target);
      return Promise.resolve({ drained: 0, timedOut: 0 });
    }
    const start = record.flights.size;
    return new Promise((resolve) => {
      const timer = this.#clock.setTimeout(() => {
        record.idle = undefined;
        const timedOut = record.flights.size;
        for (const flight of [...record.flights]) this.#cut(record, flight);
        this.#counts.drained += start - timedOut;
        this.#records.delete(target);
        resolve({ drained: start - timedOut, timedOut });
      }, timeoutMs);
      record.idle = () => {
        this.#clock.clearTimeout(timer);
        this.#counts.drained += start;
        this.#records.delete(target);
        resolve({ drained: start, timedOut: 0 });
      };
    });
  }

  /**
   * Listens at `address` instead (a changed `listen`): the new address is bound first, so a
   * failure leaves this one as it was; requests in flight on the old one end there.
   */
  async move(address: ListenAddress): Promise<void> {
    this.#assertOpen("move");
    const old = this.#server;
    this.#server = await PluginListener.#bind(this.#plugin, this.#runtime, address, {
      fetch: (request, exchange) => this.#dispatch(request, exchange),
      sockets: this.#sockets.events,
    });
    await old.close();
  }

  /** Stops listening: held requests get 503, WebSockets close (1001); in flight is cut. */
  async close(): Promise<void> {
    if (this.#mode.kind === "closed") return;
    this.#mode = { kind: "closed" };
    this.#releaseHeld("closed");
    this.#sockets.refuse(1001, `${this.#plugin} stopped serving`);
    await this.#server.close();
  }

  /** How the requests `target` took were answered, while it serves (zero once it is gone). */
  outcomes(target: ServeTarget): TargetOutcomes {
    return { ...(this.#records.get(target)?.outcomes ?? { answered: 0, serverErrors: 0 }) };
  }

  stats(): ListenerStats {
    let inFlight = 0;
    for (const record of this.#records.values()) inFlight += record.flights.size;
    const mode = this.#mode.kind;
    return {
      address: formatAddress(this.#server.address),
      mode,
      inFlight,
      webSockets: this.#sockets.size,
      ...this.#counts,
      holding: this.#held.length,
      heldWaitP50Ms: this.#waits.quantile(0.5),
      heldWaitP95Ms: this.#waits.quantile(0.95),
    };
  }

  #dispatch(request: Request, exchange: Exchange) {
    this.#exchanges.set(request, exchange);
    const mode = this.#mode;
    if (mode.kind === "serving") return this.#run(mode.record, request);
    if (mode.kind === "holding") return this.#hold(request, mode.timeoutMs);
    return this.#refuse(mode.kind === "closed" ? "closed" : mode.state);
  }

  #hold(request: Request, timeoutMs: number): Promise<Response | undefined> {
    this.#counts.held++;
    return new Promise((resolve) => {
      const held: Held = {
        request,
        arrived: this.#clock.now(),
        resolve,
        timer: this.#clock.setTimeout(() => {
          this.#held.splice(this.#held.indexOf(held), 1);
          this.#waits.push(this.#clock.now() - held.arrived);
          resolve(this.#refuse("reloading"));
        }, timeoutMs),
      };
      this.#held.push(held);
    });
  }

  #releaseHeld(state: string): void {
    for (const held of this.#held.splice(0)) {
      this.#clock.clearTimeout(held.timer);
      held.resolve(this.#refuse(state));
    }
  }

  #refuse(state: string): Response {
    this.#counts.unavailable++;
    return unavailableResponse(this.#plugin, state);
  }

  /** Hands `request` to the record's target; the flight ends with the response's body. */
  #run(
    record: TargetRecord,
    request: Request,
  ): Response | undefined | Promise<Response | undefined> {
    this.#counts.requests++;
    const flight: Flight = { answered: false };
    record.flights.add(flight);
    let result: ReturnType<ServeTarget["fetch"]>;
    try {
      result = record.target.fetch(request, this.abilities);
    } catch (error) {
      return this.#finish(record, flight, this.#failed(error));
    }
    if (!(result instanceof Promise)) return this.#finish(record, flight, result);
    return new Promise((resolve) => {
      flight.answer = resolve;
      result.then(
        (response) => resolve(this.#finish(record, flight, response)),
        (error: unknown) => resolve(this.#finish(record, flight, this.#failed(error))),
      );
    });
  }

  #finish(record: TargetRecord, flight: Flight, response: Response | undefined) {
    if (flight.answered) {
      // Answered 503 when its drain ran out: this late answer has no one to go to.
      void response?.body?.cancel().catch(() => {});
      return undefined;
    }
    flight.answered = true;
    record.outcomes.answered++;
    if (response !== undefined && response.status >= 500) record.outcomes.serverErrors++;
    if (response === undefined) {
      // Upgraded to a WebSocket: the request is over. Otherwise the handler forgot to answer.
      this.#end(record, flight);
      return undefined;
    }
    flight.tracked = trackBody(response, () => this.#end(record, flight));
    return flight.tracked.response;
  }

  #failed(error: unknown): Response {
    this.#counts.errors++;
    this.#onError(error);
    return new Response("Internal Server Error", { status: 500 });
  }

  #cut(record: TargetRecord, flight: Flight): void {
    if (flight.answered) flight.tracked?.cut();
    else {
      flight.answered = true;
      flight.answer?.(this.#refuse("stopping"));
    }
    this.#end(record, flight);
  }

  #end(record: TargetRecord, flight: Flight): void {
    if (!record.flights.delete(flight)) return;
    if (record.flights.size > 0) return;
    record.idle?.();
    const serving = this.#mode.kind === "serving" && this.#mode.record === record;
    if (!serving && !record.idle) this.#records.delete(record.target);
  }

  #assertOpen(what: string): void {
    if (this.#mode.kind === "closed") {
      throw new TypeError(`Cannot ${what}: the listener of ${this.#plugin} is closed`);
    }
  }
}
