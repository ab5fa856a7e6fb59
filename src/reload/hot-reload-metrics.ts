import type { WatcherMode } from "../host-events.ts";
import type { PluginStatus } from "../plugin/plugin-status.ts";
import type { DurationCounts } from "./duration-histogram.ts";

/** The seed's HotReloadMetrics plus what DESIGN.md adds; durations in milliseconds. */
export interface HotReloadMetrics {
  readonly reloadCount: number;
  readonly errorCount: number;
  readonly eventsProcessed: number;
  readonly averageReloadTime: number;
  /** When the last successful reload finished (ISO 8601), or null. */
  readonly lastReloadTime: string | null;
  readonly lastReloadDuration: number | null;
  readonly debounceHitCount: number;
  readonly rollbackCount: number;
  /** Generations rolled back on their own because they failed their probation. */
  readonly probationRollbackCount: number;
  readonly reloadTimeP50: number;
  readonly reloadTimeP95: number;
  readonly reloadTimeMax: number;
  /** Cumulative reload counts per bound of DURATION_BUCKETS_MS, and their sum (ms). */
  readonly reloadTimeBuckets: readonly number[];
  readonly reloadTimeSum: number;
  readonly queueLength: number;
  readonly activeReloads: number;
  readonly watcherMode: WatcherMode | null;
  readonly fallbackCount: number;
  /** Re-syncs with the disk (`host:synced`: SIGHUP, or the plugins folder's symlink moved). */
  readonly syncCount: number;
  /** When the last re-sync finished (ISO 8601), or null. */
  readonly lastSyncTime: string | null;
  /**
   * Stop-first reloads among the last 1,024, and their windows (ms) between the old
   * generation's stop() and the new one serving, when calls through handles are refused.
   */
  readonly unavailableWindowCount: number;
  readonly unavailableWindowP50: number;
  readonly unavailableWindowP95: number;
  /** What generations left running after their stop(), counted since start. */
  readonly leftovers: readonly { plugin: string; kind: string; count: number }[];
  /** Checks (`--typecheck` gate or warn) that found type errors, by plugin. */
  readonly typecheckFailures: readonly { plugin: string; count: number }[];
  /** How long type checks took. */
  readonly typecheckDurations: DurationCounts;
  readonly plugins: readonly PluginStatus[];
}
