import type { ConsolaInstance } from "consola";
import type { RemoteAddress, UpgradeOptions } from "../runtime/http-server.ts";
import type { InferOutput, StandardSchemaV1 } from "./standard-schema.ts";

/** What every hook receives. Plugins import this with `import type` only. */
export interface PluginContext<Config = unknown, State = unknown, Deps = Record<string, unknown>> {
  readonly name: string;
  readonly version: string;
  /** 1 for the first successful start, +1 per successful reload. */
  readonly generation: number;
  readonly config: Config;
  /** What the previous generation's stop() returned; undefined on the first start. */
  readonly state: State | undefined;
  /**
   * name -> live handle of each plugin in dependsOn: every read and call reaches the generation
   * serving then (across a worker boundary: each call returns a Promise). A call while none
   * serves throws PluginUnavailableError (code PLUGIN_UNAVAILABLE) at once.
   */
  readonly deps: Deps;
  /** Waits until dependency `name` serves; rejects with PluginUnavailableError after timeoutMs. */
  whenRunning(name: string, options?: { readonly timeoutMs?: number }): Promise<unknown>;
  readonly log: ConsolaInstance;
  /** Aborted when this generation is stopped or one of its hooks times out. */
  readonly signal: AbortSignal;
}

/**
 * What a serving plugin's `ctx` has besides PluginContext: it stands where Bun passes its
 * `Server` to `fetch`, so an app that reads `upgrade` from there (Hono's Bun adapter) works.
 */
export interface ServeAbilities {
  /**
   * Accepts a WebSocket for `request` (as Bun's `server.upgrade`): true when upgraded, and
   * `fetch` then returns nothing. `data` is the socket's `data` in every handler, across
   * reloads; `headers` go on the 101 answer.
   */
  upgrade(request: Request, options?: UpgradeOptions): boolean;
  /** Who sent `request`; null on a Unix socket. */
  requestIP(request: Request): RemoteAddress | null;
}

/** The `ctx` of a plugin with `listen`: every hook's context, plus upgrade and requestIP. */
export type ServingContext<
  Config = unknown,
  State = unknown,
  Deps = Record<string, unknown>,
> = PluginContext<Config, State, Deps> & ServeAbilities;

/** An open WebSocket as its handlers see it; it stays open when the plugin reloads. */
export interface PluginWebSocket<Data = unknown> {
  /** What `ctx.upgrade(request, { data })` was given. */
  readonly data: Data;
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  readonly remoteAddress: string;
  send(message: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
}

/**
 * A server's WebSocket handlers. A socket's events go to the generation serving when each one happens:
 * after a reload, to the new code (`open` only to the generation that accepted it).
 */
export interface WebSocketHandlers<Data = unknown> {
  open?(ws: PluginWebSocket<Data>): void | Promise<void>;
  message(ws: PluginWebSocket<Data>, message: string | Uint8Array): void | Promise<void>;
  close?(ws: PluginWebSocket<Data>, code: number, reason: string): void | Promise<void>;
  /** The socket can take more after a send that had to wait (Bun only). */
  drain?(ws: PluginWebSocket<Data>): void | Promise<void>;
}

export interface HealthResult {
  readonly ok: boolean;
  readonly message?: string;
}

/** The shape of a plugin module's default export. */
export interface Plugin<
  Schema extends StandardSchemaV1 | undefined = undefined,
  Api = unknown,
  State = unknown,
  Deps = Record<string, unknown>,
> {
  readonly configSchema?: Schema;
  setup(ctx: PluginContext<ConfigOf<Schema>, State, Deps>): Api | Promise<Api>;
  start?(ctx: PluginContext<ConfigOf<Schema>, State, Deps>): void | Promise<void>;
  stop?(
    ctx: PluginContext<ConfigOf<Schema>, State, Deps>,
  ): State | undefined | Promise<State | undefined>;
  health?(ctx: PluginContext<ConfigOf<Schema>, State, Deps>): HealthResult | Promise<HealthResult>;
  /**
   * For `"swap": "overlap"`: the state the next generation starts with, taken while this one
   * keeps serving (its stop() result is then discarded).
   */
  snapshot?(
    ctx: PluginContext<ConfigOf<Schema>, State, Deps>,
  ): State | undefined | Promise<State | undefined>;
  /**
   * For a plugin whose plugin.json has `listen`: answers each request (a Hono, Elysia or
   * itty app's `fetch` as it is). Nothing after `ctx.upgrade(request)` accepted a WebSocket.
   */
  fetch?(
    request: Request,
    ctx: ServingContext<ConfigOf<Schema>, State, Deps>,
  ): Response | undefined | Promise<Response | undefined>;
  /** The WebSockets that `ctx.upgrade` accepted: their open, message and close events. */
  readonly websocket?: WebSocketHandlers;
}

type ConfigOf<Schema> = Schema extends StandardSchemaV1 ? InferOutput<Schema> : unknown;

/** The lifecycle states of DESIGN.md. */
export const PluginState = {
  loading: "loading",
  running: "running",
  reloading: "reloading",
  stopping: "stopping",
  stopped: "stopped",
  failed: "failed",
  waiting: "waiting",
} as const;
export type PluginState = (typeof PluginState)[keyof typeof PluginState];
