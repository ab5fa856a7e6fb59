import type { ConsolaInstance } from "consola";
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
