import { DURATION_BUCKETS_MS } from "../reload/duration-histogram.ts";
import type { HotReloadMetrics } from "../reload/hot-reload-metrics.ts";

const escapeLabel = (value: string) =>
  value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

/** A sample's name suffix (and labels), and its value. */
type Sample = [string, number];

/** The metrics in the Prometheus text exposition format (version 0.0.4), names `hotplug_*`. */
export function prometheusText(metrics: HotReloadMetrics): string {
  const lines: string[] = [];
  const metric = (name: string, type: string, help: string, samples: Sample[]) => {
    lines.push(`# HELP hotplug_${name} ${help}`, `# TYPE hotplug_${name} ${type}`);
    for (const [labels, value] of samples) lines.push(`hotplug_${name}${labels} ${value}`);
  };
  const scalars: [name: string, type: string, help: string, value: number][] = [
    ["reloads_total", "counter", "Successful plugin reloads.", metrics.reloadCount],
    ["errors_total", "counter", "Failed plugin loads, reloads and stops.", metrics.errorCount],
    [
      "rollbacks_total",
      "counter",
      "Reloads rolled back to the previous generation.",
      metrics.rollbackCount,
    ],
    [
      "probation_rollbacks_total",
      "counter",
      "Generations rolled back on their own: they failed their probation.",
      metrics.probationRollbackCount,
    ],
    ["events_processed_total", "counter", "File events handled.", metrics.eventsProcessed],
    [
      "debounce_hits_total",
      "counter",
      "File events coalesced into a pending reload.",
      metrics.debounceHitCount,
    ],
    [
      "watcher_fallbacks_total",
      "counter",
      "Switches between native and polling watchers.",
      metrics.fallbackCount,
    ],
    [
      "syncs_total",
      "counter",
      "Re-syncs with the disk (SIGHUP, or the plugins folder's symlink moved).",
      metrics.syncCount,
    ],
    [
      "last_sync_timestamp_seconds",
      "gauge",
      "Unix time when the last re-sync finished (0: none yet).",
      metrics.lastSyncTime === null ? 0 : Date.parse(metrics.lastSyncTime) / 1000,
    ],
    ["reload_queue_length", "gauge", "Reloads waiting for a free slot.", metrics.queueLength],
    ["reloads_active", "gauge", "Reloads running now.", metrics.activeReloads],
    [
      "watcher_polling",
      "gauge",
      "1 when the watcher polls, 0 when it uses native events.",
      metrics.watcherMode === "poll" ? 1 : 0,
    ],
  ];
  for (const [name, type, help, value] of scalars) metric(name, type, help, [["", value]]);
  const seconds = (msValue: number) => msValue / 1000;
  /** A histogram over DURATION_BUCKETS_MS, whose `buckets` are cumulative counts per bound. */
  const histogram = (buckets: readonly number[], count: number, sumMs: number): Sample[] => [
    ...DURATION_BUCKETS_MS.map(
      (bound, i): Sample => [`_bucket{le="${seconds(bound)}"}`, buckets[i] ?? 0],
    ),
    ['_bucket{le="+Inf"}', count],
    ["_sum", seconds(sumMs)],
    ["_count", count],
  ];
  metric(
    "reload_duration_seconds",
    "histogram",
    "Time from the start of a reload transaction to new code serving.",
    histogram(metrics.reloadTimeBuckets, metrics.reloadCount, metrics.reloadTimeSum),
  );
  const checks = metrics.typecheckDurations;
  metric(
    "typecheck_duration_seconds",
    "histogram",
    "Type checks (--typecheck gate or warn): from the save's check request to its answer.",
    histogram(checks.buckets, checks.count, checks.sumMs),
  );
  metric(
    "typecheck_failures_total",
    "counter",
    "Type checks that found type errors (a gate refused the swap, or warn reported them).",
    metrics.typecheckFailures.map((row) => [`{plugin="${escapeLabel(row.plugin)}"}`, row.count]),
  );
  metric(
    "unavailable_window_seconds",
    "summary",
    "Stop-first reloads (the last 1,024): time between the old generation's stop() and the new one serving, when calls through its handle are refused.",
    [
      ['{quantile="0.5"}', seconds(metrics.unavailableWindowP50)],
      ['{quantile="0.95"}', seconds(metrics.unavailableWindowP95)],
      ["_count", metrics.unavailableWindowCount],
    ],
  );
  const per = (pick: (p: HotReloadMetrics["plugins"][number]) => number): [string, number][] =>
    metrics.plugins.map((p) => [`{plugin="${escapeLabel(p.name)}"}`, pick(p)]);
  metric(
    "plugin_generation",
    "gauge",
    "Generation serving now (0: none).",
    per((p) => p.generation ?? 0),
  );
  metric(
    "plugin_reloads_total",
    "counter",
    "Successful reloads per plugin.",
    per((p) => p.reloads),
  );
  metric(
    "plugin_errors_total",
    "counter",
    "Failures per plugin.",
    per((p) => p.errors),
  );
  metric(
    "plugin_running",
    "gauge",
    "1 when the plugin serves.",
    per((p) => (p.state === "running" ? 1 : 0)),
  );
  metric(
    "plugin_calls_refused_total",
    "counter",
    "Calls through the plugin's live handle refused (PLUGIN_UNAVAILABLE): no generation served.",
    per((p) => p.refusedCalls),
  );
  metric(
    "plugin_stale",
    "gauge",
    "1 when the plugin serves an older generation than what is on disk.",
    per((p) => (p.stale ? 1 : 0)),
  );
  const serving = metrics.plugins.filter((p) => p.listener !== null);
  const listener = (
    pick: (l: NonNullable<HotReloadMetrics["plugins"][number]["listener"]>) => number,
  ): [string, number][] =>
    serving.map((p) => [`{plugin="${escapeLabel(p.name)}"}`, pick(p.listener as never)]);
  metric(
    "plugin_requests_total",
    "counter",
    "Requests handed to a generation.",
    listener((l) => l.requests),
  );
  metric(
    "plugin_requests_held_total",
    "counter",
    "Requests that waited through a reload for the next generation.",
    listener((l) => l.held),
  );
  metric(
    "plugin_request_hold_seconds",
    "summary",
    "How long held requests waited (the last 1,024).",
    serving.flatMap((p): [string, number][] => {
      const label = escapeLabel(p.name);
      const l = p.listener as NonNullable<typeof p.listener>;
      return [
        [`{plugin="${label}",quantile="0.5"}`, seconds(l.heldWaitP50Ms)],
        [`{plugin="${label}",quantile="0.95"}`, seconds(l.heldWaitP95Ms)],
      ];
    }),
  );
  metric(
    "plugin_requests_drained_total",
    "counter",
    "Requests that ended while their generation drained before its stop().",
    listener((l) => l.drained),
  );
  metric(
    "plugin_unavailable_responses_total",
    "counter",
    "503s the host answered: no generation served, a hold or a drain ran out of time.",
    listener((l) => l.unavailable),
  );
  metric(
    "plugin_requests_in_flight",
    "gauge",
    "Requests being answered now.",
    listener((l) => l.inFlight),
  );
  metric(
    "plugin_websockets_open",
    "gauge",
    "Open WebSockets.",
    listener((l) => l.webSockets),
  );
  metric(
    "leftovers_total",
    "counter",
    "Timers, listeners and servers a generation left running after its stop().",
    metrics.leftovers.map((row) => [
      `{plugin="${escapeLabel(row.plugin)}",kind="${escapeLabel(row.kind)}"}`,
      row.count,
    ]),
  );
  return `${lines.join("\n")}\n`;
}
