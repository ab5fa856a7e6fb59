import type { ConsolaInstance } from "consola";
import type { HealthResult } from "../plugin/plugin.ts";
import type { PluginRecord } from "../plugin/plugin-record.ts";

interface HealthSource {
  records(): PluginRecord[];
  health(name: string): Promise<HealthResult>;
}

/**
 * Asks every running plugin's health() each `intervalMs` and logs the unhealthy ones, tagged
 * with the plugin. Returns the function that stops it. Checks never overlap.
 */
export function monitorHealth(
  plugins: HealthSource,
  intervalMs: number,
  logger: ConsolaInstance,
): () => void {
  let checking = false;
  const check = async () => {
    if (checking) return;
    checking = true;
    try {
      for (const record of plugins.records()) {
        if (!record.current) continue;
        const result = await plugins.health(record.name);
        if (!result.ok) {
          logger
            .withTag(record.name)
            .warn(`unhealthy: ${result.message ?? "health() said not ok"}`);
        }
      }
    } finally {
      checking = false;
    }
  };
  const timer = setInterval(() => void check(), intervalMs);
  return () => clearInterval(timer);
}
