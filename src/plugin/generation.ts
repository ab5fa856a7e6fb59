import type { ConsolaInstance } from "consola";
import type { Isolation, SwapMode } from "../host-events.ts";
import type { Plugin, PluginContext } from "./plugin.ts";
import { ReloadError, type ReloadPhase } from "./reload-error.ts";
import { HookTimeoutError, runHook } from "./run-hook.ts";
import type { StandardSchemaV1 } from "./standard-schema.ts";

/** A validated module ready to start: the outcome of the manifest, import and validate phases. */
export interface Candidate {
  readonly name: string;
  readonly version: string;
  readonly dir: string;
  readonly entry: string;
  readonly plugin: Plugin<StandardSchemaV1 | undefined>;
  readonly config: unknown;
  readonly dependsOn: readonly string[];
  readonly isolation: Isolation;
  readonly swap: SwapMode;
  /** The entry's local import graph. */
  readonly files: readonly string[];
}

/** One started instance of a plugin's code. */
export interface Generation {
  readonly number: number;
  readonly candidate: Candidate;
  readonly ctx: PluginContext;
  readonly controller: AbortController;
  /** What setup() returned: the API that dependents receive. */
  readonly api: unknown;
}

export interface StartOptions {
  readonly number: number;
  readonly state: unknown;
  readonly deps: Record<string, unknown>;
  readonly log: ConsolaInstance;
  readonly timeoutMs: number;
}

const failure = (candidate: Candidate, phase: ReloadPhase, cause: unknown) =>
  new ReloadError(
    `${candidate.name}: ${phase}() failed: ${cause instanceof Error ? cause.message : String(cause)}`,
    {
      pluginName: candidate.name,
      phase,
      cause,
      file: candidate.entry,
      timedOut: cause instanceof HookTimeoutError,
    },
  );

/**
 * setup() then start(). If start fails, what setup made is stopped again (bounded, its own
 * failure ignored) so nothing half-started keeps running.
 */
export async function startGeneration(candidate: Candidate, options: StartOptions) {
  const controller = new AbortController();
  const ctx: PluginContext = {
    name: candidate.name,
    version: candidate.version,
    generation: options.number,
    config: candidate.config,
    state: options.state,
    deps: options.deps,
    log: options.log,
    signal: controller.signal,
  };
  const { plugin } = candidate;
  let api: unknown;
  try {
    api = await runHook("setup", () => plugin.setup(ctx), options.timeoutMs, controller);
  } catch (cause) {
    controller.abort(cause);
    throw failure(candidate, "setup", cause);
  }
  const generation: Generation = { number: options.number, candidate, ctx, controller, api };
  if (plugin.start) {
    try {
      await runHook("start", () => plugin.start?.(ctx), options.timeoutMs, controller);
    } catch (cause) {
      await stopGeneration(generation, options.timeoutMs).catch(() => undefined);
      throw failure(candidate, "start", cause);
    }
  }
  return generation;
}

/** stop(), then abort the generation's signal; resolves to the state for the next one. */
export async function stopGeneration(generation: Generation, timeoutMs: number): Promise<unknown> {
  const { plugin } = generation.candidate;
  try {
    if (!plugin.stop) return undefined;
    return await runHook(
      "stop",
      () => plugin.stop?.(generation.ctx),
      timeoutMs,
      generation.controller,
    );
  } catch (cause) {
    throw failure(generation.candidate, "stop", cause);
  } finally {
    generation.controller.abort(new Error(`${generation.candidate.name} generation stopped`));
  }
}
