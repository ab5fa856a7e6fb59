import type { ServeAbilities } from "../plugin/plugin.ts";
import type { Exchange, HttpServer, ListenAddress } from "../runtime/http-server.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { type Clock, systemClock } from "../schedule/clock.ts";
import { HeldRequests } from "./held-requests.ts";
import { formatAddress } from "./listen-address.ts";
import { ServeError } from "./serve-error.ts";
import type { ServeTarget } from "./serve-target.ts";
import { SocketRouter } from "./socket-router.ts";
import { type DrainResult, TargetFlights, type TargetOutcomes } from "./target-flights.ts";
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

type Mode =
  | { readonly kind: "serving"; readonly flights: TargetFlights }
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
  readonly #targets = new Map<ServeTarget, TargetFlights>();
  readonly #held: HeldRequests;
  #server: HttpServer;
  #mode: Mode = { kind: "unavailable", state: "loading" };
  #counts = { requests: 0, held: 0, drained: 0, unavailable: 0, errors: 0 };

  private constructor(options: ListenerOptions, server: HttpServer, sockets: SocketRouter) {
    this.#plugin = options.plugin;
    this.#runtime = options.runtime;
    this.#clock = options.clock ?? systemClock;
    this.#held = new HeldRequests(this.#clock);
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
    let flights = this.#targets.get(target);
    if (!flights) {
      flights = new TargetFlights(target, {
        failed: (error) => this.#failed(error),
        cut: () => this.#refuse("stopping"),
        idle: (idle) => this.#forgetIdle(idle),
      });
      this.#targets.set(target, flights);
    }
    const serving = flights;
    this.#mode = { kind: "serving", flights: serving };
    this.#held.release((request) => this.#run(serving, request));
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
  async drain(target: ServeTarget, timeoutMs: number): Promise<DrainResult> {
    if (this.#mode.kind === "serving" && this.#mode.flights.target === target) {
      throw new TypeError(
        `Cannot drain generation ${target.generation}: it still serves (call hold(), serve() or unavailable() first)`,
      );
    }
    const flights = this.#targets.get(target);
    if (!flights) return { drained: 0, timedOut: 0 };
    const result = await flights.drain(timeoutMs, this.#clock);
    this.#counts.drained += result.drained;
    this.#targets.delete(target);
    return result;
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
    return this.#targets.get(target)?.outcomes ?? { answered: 0, serverErrors: 0 };
  }

  stats(): ListenerStats {
    let inFlight = 0;
    for (const flights of this.#targets.values()) inFlight += flights.size;
    const mode = this.#mode.kind;
    return {
      address: formatAddress(this.#server.address),
      mode,
      inFlight,
      webSockets: this.#sockets.size,
      ...this.#counts,
      holding: this.#held.size,
      heldWaitP50Ms: this.#held.quantile(0.5),
      heldWaitP95Ms: this.#held.quantile(0.95),
    };
  }

  #dispatch(request: Request, exchange: Exchange) {
    this.#exchanges.set(request, exchange);
    const mode = this.#mode;
    if (mode.kind === "serving") return this.#run(mode.flights, request);
    if (mode.kind === "holding") return this.#hold(request, mode.timeoutMs);
    return this.#refuse(mode.kind === "closed" ? "closed" : mode.state);
  }

  #hold(request: Request, timeoutMs: number): Promise<Response | undefined> {
    this.#counts.held++;
    return this.#held.hold(request, timeoutMs, () => this.#refuse("reloading"));
  }

  #releaseHeld(state: string): void {
    this.#held.refuse(() => this.#refuse(state));
  }

  #refuse(state: string): Response {
    this.#counts.unavailable++;
    return unavailableResponse(this.#plugin, state);
  }

  #run(flights: TargetFlights, request: Request) {
    this.#counts.requests++;
    return flights.run(request, this.abilities);
  }

  #failed(error: unknown): Response {
    this.#counts.errors++;
    this.#onError(error);
    return new Response("Internal Server Error", { status: 500 });
  }

  /** A target that no longer serves and whose last request ended is forgotten. */
  #forgetIdle(flights: TargetFlights): void {
    const serving = this.#mode.kind === "serving" && this.#mode.flights === flights;
    if (!serving && !flights.draining) this.#targets.delete(flights.target);
  }

  #assertOpen(what: string): void {
    if (this.#mode.kind === "closed") {
      throw new TypeError(`Cannot ${what}: the listener of ${this.#plugin} is closed`);
    }
  }
}
