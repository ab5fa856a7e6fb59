import type { PluginStatus } from "../plugin/plugin-status.ts";
import { stateWord } from "./dashboard-facts.ts";

/** One plugin that keeps the host from being ready, and why, for /readyz's 503 body. */
export interface NotReady {
  readonly plugin: string;
  /** The state in words: `stale` for a running plugin whose last reload failed. */
  readonly state: string;
  readonly reason: string;
}

export interface Readiness {
  readonly ready: boolean;
  readonly notReady: readonly NotReady[];
}

/**
 * Kubernetes' readiness question, "send me traffic?": yes only when every enabled plugin
 * (disabled ones are not in the status) has a generation serving the code on disk. A plugin
 * reloading while its old generation still serves (reading and importing the new code, or an
 * overlap swap) is ready; one between stop-first's stop and start is not.
 */
export function readiness(plugins: readonly PluginStatus[]): Readiness {
  const notReady = plugins
    .filter((plugin) => plugin.generation === null || plugin.stale)
    .map((plugin) => ({
      plugin: plugin.name,
      state: stateWord(plugin),
      reason: plugin.lastError?.message ?? `is ${plugin.state}`,
    }));
  return { ready: notReady.length === 0, notReady };
}
