import { EventBus } from "../../src/event-bus.ts";
import type { HostEvents, HostEventType } from "../../src/host-events.ts";
import {
  type MetricsServer,
  type MetricsServerOptions,
  startMetricsServer,
} from "../../src/metrics/metrics-server.ts";
import type { PluginStatus } from "../../src/plugin/plugin-status.ts";
import { NO_DURATIONS } from "../../src/reload/duration-histogram.ts";
import { ReloadStats } from "../../src/reload/reload-stats.ts";

export const pluginStatus = (
  overrides: Partial<PluginStatus> & { name: string },
): PluginStatus => ({
  dir: `/plugins/${overrides.name}`,
  state: "running",
  version: "1.0.0",
  generation: 1,
  stale: false,
  isolation: "none",
  swap: "stop-first",
  reloads: 0,
  lastReloadMs: null,
  refusedCalls: 0,
  errors: 0,
  lastError: null,
  listener: null,
  warnings: [],
  probation: null,
  ...overrides,
});

/**
 * A metrics server in front of a host made of the real event bus and metrics, whose plugin
 * statuses a test sets: the server sees what it sees from HotReloadSystem, nothing else.
 */
export class FakeHost {
  readonly bus = new EventBus((error) => {
    throw error;
  });
  readonly stats = new ReloadStats();
  plugins: PluginStatus[] = [];
  #server: MetricsServer | undefined;

  constructor() {
    this.bus.on((event) => this.stats.record(event));
  }

  async serve(options: Partial<MetricsServerOptions> = {}): Promise<MetricsServer> {
    this.#server = await startMetricsServer(
      0,
      {
        metrics: () =>
          this.stats.snapshot({
            eventsProcessed: 0,
            debounceHitCount: 0,
            queueLength: 0,
            activeReloads: 0,
            watcherMode: "native",
            plugins: this.plugins,
            typecheckDurations: NO_DURATIONS,
          }),
        subscribe: (listener) => this.bus.on(listener),
      },
      options,
    );
    return this.#server;
  }

  get url(): string {
    if (!this.#server) throw new Error("serve() first");
    return `http://127.0.0.1:${this.#server.port}`;
  }

  emit<K extends HostEventType>(type: K, payload: HostEvents[K]): void {
    this.bus.emit(type, payload);
  }

  reloaded(plugin: string, generation: number, durationMs: number, files: string[]): void {
    this.emit("plugin:reloaded", {
      plugin,
      version: "1.0.0",
      generation,
      durationMs,
      isolation: "none",
      swap: "stop-first",
      unavailableMs: 0,
      cause: "change",
      files,
    });
  }

  async close(): Promise<void> {
    await this.#server?.close();
  }
}
