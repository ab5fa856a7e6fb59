import type { HotReloadMetrics } from "../reload/hot-reload-metrics.ts";

/** GET /status, and the state the dashboard draws and refreshes. */
export interface StatusBody {
  readonly watcher: HotReloadMetrics["watcherMode"];
  readonly plugins: HotReloadMetrics["plugins"];
  readonly metrics: Omit<HotReloadMetrics, "plugins">;
}

export function statusBody(metrics: HotReloadMetrics): StatusBody {
  const { plugins, ...rest } = metrics;
  return { watcher: metrics.watcherMode, plugins, metrics: rest };
}
