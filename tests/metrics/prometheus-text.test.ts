import { describe, expect, test } from "bun:test";
import { EventBus } from "../../src/event-bus.ts";
import { prometheusText } from "../../src/metrics/prometheus-text.ts";
import type { PluginStatus } from "../../src/plugin/plugin-status.ts";
import { NO_DURATIONS } from "../../src/reload/duration-histogram.ts";
import { ReloadStats } from "../../src/reload/reload-stats.ts";
import { pluginStatus } from "./fake-host.ts";

const metricsAfter = (emit: (bus: EventBus) => void, plugins: PluginStatus[] = []) => {
  const bus = new EventBus();
  const stats = new ReloadStats();
  bus.on((event) => stats.record(event));
  emit(bus);
  return stats.snapshot({
    eventsProcessed: 0,
    debounceHitCount: 0,
    queueLength: 0,
    activeReloads: 0,
    watcherMode: null,
    plugins,
    typecheckDurations: NO_DURATIONS,
  });
};

const synced = { reloaded: ["a"], started: [], unloaded: [], failed: [], unchanged: 2 };

describe("sync metrics", () => {
  test("before any sync: none counted, last sync time 0", () => {
    const metrics = metricsAfter(() => {});
    expect([metrics.syncCount, metrics.lastSyncTime]).toEqual([0, null]);
    const text = prometheusText(metrics);
    expect(text).toContain("# TYPE hotplug_syncs_total counter\nhotplug_syncs_total 0\n");
    expect(text).toContain(
      "# TYPE hotplug_last_sync_timestamp_seconds gauge\nhotplug_last_sync_timestamp_seconds 0\n",
    );
  });

  test("each host:synced counts; the last one's time is exposed in Unix seconds", () => {
    let last = "";
    const metrics = metricsAfter((bus) => {
      bus.emit("host:synced", synced);
      bus.on((event) => {
        last = event.time;
      });
      bus.emit("host:synced", { ...synced, reloaded: [] });
    });
    expect([metrics.syncCount, metrics.lastSyncTime]).toEqual([2, last]);
    const text = prometheusText(metrics);
    expect(text).toContain("hotplug_syncs_total 2\n");
    expect(text).toContain(`hotplug_last_sync_timestamp_seconds ${Date.parse(last) / 1000}\n`);
    expect(Date.parse(last) / 1000).toBeGreaterThan(1.7e9);
  });
});

describe("per-plugin metrics", () => {
  test("one sample per plugin, labelled by name", () => {
    const text = prometheusText(
      metricsAfter(() => {}, [
        pluginStatus({ name: "greeter", generation: 3, reloads: 2 }),
        pluginStatus({ name: "old", stale: true, errors: 1 }),
        pluginStatus({ name: 'odd"\\\n', state: "failed", generation: null }),
      ]),
    );
    for (const line of [
      'hotplug_plugin_generation{plugin="greeter"} 3',
      'hotplug_plugin_reloads_total{plugin="greeter"} 2',
      'hotplug_plugin_errors_total{plugin="old"} 1',
      'hotplug_plugin_stale{plugin="old"} 1',
      'hotplug_plugin_running{plugin="old"} 1',
      'hotplug_plugin_running{plugin="odd\\"\\\\\\n"} 0',
      'hotplug_plugin_generation{plugin="odd\\"\\\\\\n"} 0',
    ]) {
      expect(text).toContain(`${line}\n`);
    }
  });
});
