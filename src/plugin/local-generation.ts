import type { ConsolaInstance } from "consola";
import { messageOf } from "../errors/hotplug-error.ts";
import { ReloadError, type ReloadPhase } from "../errors/reload-error.ts";
import type { LeftoverReport } from "../leftovers/leftover-report.ts";
import type { RecordedGeneration } from "../leftovers/leftovers-recorder.ts";
import type {
  HealthResult,
  Plugin,
  PluginContext,
  ServeAbilities,
  WebSocketHandlers,
} from "./plugin.ts";
import { HookTimeoutError, runHook } from "./run-hook.ts";
import type { StandardSchemaV1 } from "./standard-schema.ts";

export type AnyPlugin = Plugin<StandardSchemaV1 | undefined>;

/** Which plugin a generation is, as its messages name it. */
export interface GenerationFacts {
  readonly name: string;
  readonly version: string;
  /** The entry module, as failures name it. */
  readonly entry: string;
}

/** What the host offers a new generation, wherever it runs. */
export interface GenerationOffer {
  readonly number: number;
  /** What the previous generation's stop() (or snapshot()) returned. */
  readonly state: unknown;
  /** name -> handle of each dependency (live handles, or async proxies across a worker boundary). */
  readonly deps: Readonly<Record<string, unknown>>;
  /** Waits until dependency `name` serves; only names in `deps` are asked for. */
  readonly whenRunning: (
    name: string,
    options?: { readonly timeoutMs?: number },
  ) => Promise<unknown>;
  readonly log: ConsolaInstance;
  /** For a plugin with `listen`: its listener's `upgrade` and `requestIP`, added to its ctx. */
  readonly serve?: ServeAbilities | undefined;
}

/** A serving generation's handlers, called with its ctx: what its listener hands requests to. */
export interface ServingHandlers {
  fetch(request: Request): Response | undefined | Promise<Response | undefined>;
  readonly websocket?: WebSocketHandlers | undefined;
}

/** What one generation's code runs with, wherever it runs: its module and the host's offer. */
export interface LocalStart extends GenerationFacts, GenerationOffer {
  readonly plugin: AnyPlugin;
  /** The manifest's config, as the module's schema output it. */
  readonly config: unknown;
  /**
   * What its hooks create is recorded as this generation's; once its stop() has returned (or
   * its setup() failed), what it left is reported. Absent with `--leftovers off`.
   */
  readonly leftovers?: {
    readonly recorded: RecordedGeneration;
    readonly report: (report: LeftoverReport) => void;
  };
}

/** A hook of a generation failed: what, where, and whether it ran out of time. */
export const hookFailure = (
  facts: GenerationFacts,
  phase: ReloadPhase,
  cause: unknown,
  hook: string = phase,
): ReloadError =>
  new ReloadError(`${facts.name}: ${hook}() failed: ${messageOf(cause)}`, {
    pluginName: facts.name,
    phase,
    cause,
    file: facts.entry,
    timedOut: cause instanceof HookTimeoutError,
  });

/**
 * One generation of a plugin, run where its code is: in the host's process (the in-process
 * runner) or inside its worker (the worker bootstrap). The only code that builds a plugin's
 * `ctx` and calls its hooks, so both isolations behave alike: a failed setup() or start()
 * aborts `ctx.signal`, a failed start() stops what setup() made, stop() aborts the signal
 * after it returns, and a plugin without health() is healthy. Each hook is bounded by the
 * `timeoutMs` it is given (a worker passes none: its host ends a runaway by terminating it).
 */
export class LocalGeneration {
  readonly api: unknown;
  readonly #start: LocalStart;
  readonly #ctx: PluginContext;
  readonly #controller: AbortController;

  private constructor(
    start: LocalStart,
    ctx: PluginContext,
    controller: AbortController,
    api: unknown,
  ) {
    this.#start = start;
    this.#ctx = ctx;
    this.#controller = controller;
    this.api = api;
  }

  /** Its `fetch` and `websocket`, for a plugin that serves. */
  get serving(): ServingHandlers | undefined {
    const { plugin } = this.#start;
    const { fetch } = plugin;
    if (!fetch) return undefined;
    const ctx = this.#ctx as never;
    return { fetch: (request) => fetch.call(plugin, request, ctx), websocket: plugin.websocket };
  }

  /** Runs setup(); throws a ReloadError of phase `setup`, with the signal aborted. */
  static async setUp(start: LocalStart, timeoutMs: number): Promise<LocalGeneration> {
    const controller = new AbortController();
    const dependsOn = Object.keys(start.deps);
    const ctx: PluginContext = {
      name: start.name,
      version: start.version,
      generation: start.number,
      config: start.config,
      state: start.state,
      deps: start.deps,
      whenRunning: (name, options) => {
        if (!dependsOn.includes(name)) {
          const listed = dependsOn.length > 0 ? dependsOn.join(", ") : "none";
          const error = `Cannot wait for ${name}: it is not in ${start.name}'s dependsOn (${listed})`;
          return Promise.reject(new TypeError(error));
        }
        return start.whenRunning(name, options);
      },
      log: start.log,
      signal: controller.signal,
      ...start.serve,
    };
    const scoped = recordedAs(start);
    try {
      const api = await runHook(
        "setup",
        scoped(() => start.plugin.setup(ctx)),
        timeoutMs,
        controller,
      );
      return new LocalGeneration(start, ctx, controller, api);
    } catch (cause) {
      const error = hookFailure(start, "setup", cause);
      controller.abort(error);
      reportLeftovers(start);
      throw error;
    }
  }

  /**
   * Runs start(). If it fails, what setup() made is stopped again (bounded, its own failure
   * ignored) so nothing half-started keeps running; throws a ReloadError of phase `start`.
   */
  async start(timeoutMs: number): Promise<void> {
    const { plugin } = this.#start;
    if (!plugin.start) return;
    try {
      await runHook(
        "start",
        this.#scoped(() => plugin.start?.(this.#ctx)),
        timeoutMs,
        this.#controller,
      );
    } catch (cause) {
      await this.stop(timeoutMs).catch(() => undefined);
      throw hookFailure(this.#start, "start", cause);
    }
  }

  /** stop(), then the signal is aborted; resolves to the state for the next generation. */
  async stop(timeoutMs: number): Promise<unknown> {
    const { plugin, name } = this.#start;
    try {
      return plugin.stop
        ? await runHook(
            "stop",
            this.#scoped(() => plugin.stop?.(this.#ctx)),
            timeoutMs,
            this.#controller,
          )
        : undefined;
    } catch (cause) {
      throw hookFailure(this.#start, "stop", cause);
    } finally {
      this.#controller.abort(new Error(`${name} generation stopped`));
      reportLeftovers(this.#start);
    }
  }

  /** The state for an overlap swap; a failing snapshot() fails the handover (phase `stop`). */
  async snapshot(timeoutMs: number): Promise<unknown> {
    const { plugin } = this.#start;
    if (!plugin.snapshot) return undefined;
    try {
      return await runHook(
        "snapshot",
        this.#scoped(() => plugin.snapshot?.(this.#ctx)),
        timeoutMs,
        this.#controller,
      );
    } catch (cause) {
      throw hookFailure(this.#start, "stop", cause, "snapshot");
    }
  }

  health(timeoutMs: number): Promise<HealthResult> {
    const check = this.#start.plugin.health;
    if (!check) return Promise.resolve({ ok: true });
    // Its own controller: a slow health check must not abort the generation's signal.
    return runHook(
      "health",
      this.#scoped(() => check(this.#ctx)),
      timeoutMs,
      new AbortController(),
    );
  }

  /** A hook's body, run where what it creates is known to be this generation's. */
  #scoped<T>(fn: () => T): () => T {
    return recordedAs(this.#start)(fn);
  }
}

/** Runs hook bodies in the generation's recording scope, when there is one. */
const recordedAs =
  (start: LocalStart) =>
  <T>(fn: () => T): (() => T) => {
    const recorded = start.leftovers?.recorded;
    return recorded ? () => recorded.run(fn) : fn;
  };

/** The generation is over: what it left running is reported (and, in clear mode, cleared). */
function reportLeftovers(start: LocalStart): void {
  const leftovers = start.leftovers;
  if (!leftovers) return;
  const report = leftovers.recorded.end();
  if (report.groups.length > 0) leftovers.report(report);
}
