import type { HealthResult } from "./plugin.ts";
import type { PluginRecord } from "./plugin-record.ts";
import { runHook } from "./run-hook.ts";

/**
 * Asks a running plugin's health() (bounded by `timeoutMs`); a plugin without one is healthy
 * while it runs. A throw or a time-out is an unhealthy answer, never an exception.
 */
export async function checkHealth(
  name: string,
  record: PluginRecord | undefined,
  timeoutMs: number,
): Promise<HealthResult> {
  const generation = record?.current;
  if (!generation) return { ok: false, message: `${name} is ${record?.state ?? "not loaded"}` };
  const check = generation.candidate.plugin.health;
  if (!check) return { ok: true };
  try {
    // Its own controller: a slow health check must not abort the generation's signal.
    return await runHook("health", () => check(generation.ctx), timeoutMs, new AbortController());
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
