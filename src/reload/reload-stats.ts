import type { HostEvent } from "../host-events.ts";
import { RecentSamples } from "../recent-samples.ts";
import { DurationHistogram } from "./duration-histogram.ts";
import type { HotReloadMetrics } from "./hot-reload-metrics.ts";

export interface ReloadTimes {
  readonly count: number;
  readonly sumMs: number;
  readonly averageMs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
  /** Cumulative counts per bound of DURATION_BUCKETS_MS, as Prometheus wants them. */
  readonly buckets: readonly number[];
}

/** Counts what the event stream says happened: the metrics can never disagree with it. */
export class ReloadStats {
  reloads = 0;
  errors = 0;
  rollbacks = 0;
  /** Rollbacks of a generation that failed its probation (counted in `rollbacks` too). */
  probationRollbacks = 0;
  fallbacks = 0;
  syncs = 0;
  lastSyncAt: string | null = null;
  lastReloadAt: string | null = null;
  lastReloadMs: number | null = null;
  readonly #recent = new RecentSamples();
  /** Stop-first reloads' windows without a serving generation. */
  readonly #unavailable = new RecentSamples();
  /** What generations left running, reported in plugin:warning, by plugin and kind. */
  readonly #leftovers = new Tally();
  /** Type errors that failed a gate or were warned of, by plugin. */
  readonly #typeFailures = new Tally();
  readonly #durations = new DurationHistogram();
  #maxMs = 0;

  record(event: HostEvent): void {
    switch (event.type) {
      case "plugin:reloaded":
        this.#reloaded(event.durationMs, event.time);
        if (event.swap === "stop-first") this.#unavailable.push(event.unavailableMs);
        break;
      case "plugin:failed":
        this.errors++;
        if (event.rolledBack) this.rollbacks++;
        if (event.rolledBack && event.phase === "probation") this.probationRollbacks++;
        if (event.phase === "typecheck") this.#typeFailures.add(event.plugin, TYPE_ERRORS);
        break;
      case "plugin:warning":
        if (event.leftovers) this.#leftovers.add(event.plugin, event.leftovers);
        if (event.kind === "typecheck") this.#typeFailures.add(event.plugin, TYPE_ERRORS);
        break;
      case "watcher:fallback":
        this.fallbacks++;
        break;
      case "host:synced":
        this.syncs++;
        this.lastSyncAt = event.time;
        break;
    }
  }

  /** The metrics: what the events said, plus the host's gauges of the moment. */
  snapshot(
    gauges: Pick<
      HotReloadMetrics,
      | "eventsProcessed"
      | "debounceHitCount"
      | "queueLength"
      | "activeReloads"
      | "watcherMode"
      | "plugins"
      | "typecheckDurations"
    >,
  ): HotReloadMetrics {
    const times = this.times();
    return {
      reloadCount: this.reloads,
      errorCount: this.errors,
      averageReloadTime: times.averageMs,
      lastReloadTime: this.lastReloadAt,
      lastReloadDuration: this.lastReloadMs,
      rollbackCount: this.rollbacks,
      probationRollbackCount: this.probationRollbacks,
      reloadTimeP50: times.p50Ms,
      reloadTimeP95: times.p95Ms,
      reloadTimeMax: times.maxMs,
      reloadTimeBuckets: times.buckets,
      reloadTimeSum: times.sumMs,
      fallbackCount: this.fallbacks,
      syncCount: this.syncs,
      lastSyncTime: this.lastSyncAt,
      unavailableWindowCount: this.#unavailable.size,
      unavailableWindowP50: this.#unavailable.quantile(0.5),
      unavailableWindowP95: this.#unavailable.quantile(0.95),
      leftovers: this.#leftovers.rows(),
      typecheckFailures: this.#typeFailures.rows().map(({ plugin, count }) => ({ plugin, count })),
      ...gauges,
    };
  }

  times(): ReloadTimes {
    const { count, sumMs, buckets } = this.#durations.counts();
    return {
      count,
      sumMs,
      averageMs: count === 0 ? 0 : sumMs / count,
      p50Ms: this.#recent.quantile(0.5),
      p95Ms: this.#recent.quantile(0.95),
      maxMs: this.#maxMs,
      buckets,
    };
  }

  #reloaded(ms: number, time: string): void {
    this.reloads++;
    this.lastReloadAt = time;
    this.lastReloadMs = ms;
    this.#durations.observe(ms);
    this.#maxMs = Math.max(this.#maxMs, ms);
    this.#recent.push(ms);
  }
}

const TYPE_ERRORS = { kind: "typecheck", count: 1 };

/** Counts by plugin and kind, in the order first seen: `hotplug_leftovers_total{plugin,kind}`. */
class Tally {
  readonly #counts = new Map<string, number>();

  add(plugin: string, { kind, count }: { kind: string; count: number }): void {
    const key = JSON.stringify([plugin, kind]);
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + count);
  }

  rows(): { plugin: string; kind: string; count: number }[] {
    return [...this.#counts].map(([key, count]) => {
      const [plugin, kind] = JSON.parse(key) as [string, string];
      return { plugin, kind, count };
    });
  }
}
