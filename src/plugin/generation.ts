import { messageOf } from "../errors/hotplug-error.ts";
import { ReloadError, type ReloadPhase } from "../errors/reload-error.ts";
import type { Candidate, Generation, StartOptions } from "./generation-runner.ts";
import type { Plugin, PluginContext } from "./plugin.ts";
import { HookTimeoutError, runHook } from "./run-hook.ts";
import type { StandardSchemaV1 } from "./standard-schema.ts";

type AnyPlugin = Plugin<StandardSchemaV1 | undefined>;

/** A hook of `candidate` failed: what, where, and whether it ran out of time. */
export const failure = (
  candidate: Pick<Candidate, "name" | "entry">,
  phase: ReloadPhase,
  cause: unknown,
  hook: string = phase,
) =>
  new ReloadError(`${candidate.name}: ${hook}() failed: ${messageOf(cause)}`, {
    pluginName: candidate.name,
    phase,
    cause,
    file: candidate.entry,
    timedOut: cause instanceof HookTimeoutError,
  });

/**
 * setup() then start() in this process. If start fails, what setup made is stopped again
 * (bounded, its own failure ignored) so nothing half-started keeps running.
 */
export async function startGeneration(
  candidate: Candidate,
  plugin: AnyPlugin,
  config: unknown,
  options: StartOptions,
): Promise<Generation> {
  const controller = new AbortController();
  const ctx: PluginContext = {
    name: candidate.name,
    version: candidate.version,
    generation: options.number,
    config,
    state: options.state,
    deps: options.deps,
    whenRunning: options.whenRunning,
    log: options.log,
    signal: controller.signal,
  };
  const hook = <T>(
    phase: ReloadPhase,
    fn: () => T | Promise<T>,
    timeoutMs: number,
    name: string = phase,
  ) =>
    runHook(name, fn, timeoutMs, controller).catch((cause: unknown) => {
      throw failure(candidate, phase, cause, name);
    });
  let api: unknown;
  try {
    api = await hook("setup", () => plugin.setup(ctx), options.timeoutMs);
  } catch (error) {
    controller.abort(error);
    throw error;
  }
  const generation: Generation = {
    number: options.number,
    candidate,
    api,
    async stop(timeoutMs) {
      try {
        return plugin.stop ? await hook("stop", () => plugin.stop?.(ctx), timeoutMs) : undefined;
      } finally {
        controller.abort(new Error(`${candidate.name} generation stopped`));
      }
    },
    // Part of handing over, like stop(): a failing snapshot fails the "stop" phase.
    snapshot: (timeoutMs) =>
      plugin.snapshot
        ? hook("stop", () => plugin.snapshot?.(ctx), timeoutMs, "snapshot")
        : Promise.resolve(undefined),
    health(timeoutMs) {
      const check = plugin.health;
      if (!check) return Promise.resolve({ ok: true });
      // Its own controller: a slow health check must not abort the generation's signal.
      return runHook("health", () => check(ctx), timeoutMs, new AbortController());
    },
  };
  if (plugin.start) {
    try {
      await hook("start", () => plugin.start?.(ctx), options.timeoutMs);
    } catch (error) {
      await generation.stop(options.timeoutMs).catch(() => undefined);
      throw error;
    }
  }
  return generation;
}
