import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { HostEventListener } from "../host-events.ts";
import type { HotReloadMetrics } from "../reload/hot-reload-metrics.ts";
import { systemClock } from "../schedule/clock.ts";
import { HISTORY_SIZE } from "./dashboard-facts.ts";
import { dashboardHeaders, dashboardPage } from "./dashboard-page.ts";
import { metricsRouter, type RouteHandler, reply, TEXT_TYPE } from "./metrics-router.ts";
import { prometheusText } from "./prometheus-text.ts";
import { readiness } from "./readiness.ts";
import { SseHub, type SseHubOptions } from "./sse-hub.ts";
import { statusBody } from "./status-body.ts";

/** What the server reads from the host: both are HotReloadSystem's own methods. */
export interface MetricsHost {
  metrics(): HotReloadMetrics;
  /** Subscribes to the event stream; returns the unsubscribe function (HotReloadSystem.on). */
  subscribe(listener: HostEventListener): () => void;
}

export type MetricsServerOptions = SseHubOptions;

const DEFAULT_OPTIONS: Readonly<Omit<MetricsServerOptions, "clock">> = {
  maxBufferedBytes: 1024 * 1024,
  heartbeatMs: 15_000,
  historySize: HISTORY_SIZE,
};

export interface MetricsServer {
  readonly port: number;
  /** Open /events streams, for tests and the curious. */
  readonly sse: Pick<SseHub, "clientCount" | "bufferedBytes">;
  close(): Promise<void>;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const JSON_TYPE = { "content-type": "application/json; charset=utf-8" };

/** The id a client last saw: an EventSource's Last-Event-ID on reconnect, else `?after=`. */
function lastSeen(request: IncomingMessage): number | undefined {
  const header = request.headers["last-event-id"];
  const raw =
    (typeof header === "string" ? header : undefined) ??
    new URL(request.url ?? "/", "http://127.0.0.1").searchParams.get("after") ??
    undefined;
  const id = raw === undefined ? Number.NaN : Number(raw);
  return Number.isSafeInteger(id) && id >= 0 ? id : undefined;
}

/**
 * On 127.0.0.1 only, since it shows a developer's files and errors: the dashboard (/), its
 * event stream (/events), /metrics (Prometheus text), /status (JSON), and the probes
 * /healthz and /readyz. Built on node:http so it runs on every runtime.
 */
export async function startMetricsServer(
  port: number,
  host: MetricsHost,
  options: Partial<MetricsServerOptions> = {},
): Promise<MetricsServer> {
  const hub = new SseHub({ ...DEFAULT_OPTIONS, clock: systemClock, ...options });
  const routes = new Map<string, RouteHandler>([
    [
      "/",
      (request, response) => {
        const nonce = crypto.randomUUID();
        const data = { status: statusBody(host.metrics()), ...hub.snapshot() };
        reply(request, response, 200, dashboardHeaders(nonce), dashboardPage(data, nonce));
      },
    ],
    [
      "/events",
      (request, response) => {
        if (request.method === "HEAD") {
          reply(request, response, 200, { "content-type": "text/event-stream" }, "");
        } else hub.attach(response, lastSeen(request));
      },
    ],
    [
      "/metrics",
      (request, response) =>
        reply(
          request,
          response,
          200,
          { "content-type": "text/plain; version=0.0.4; charset=utf-8" },
          prometheusText(host.metrics()),
        ),
    ],
    [
      "/status",
      (request, response) =>
        reply(request, response, 200, JSON_TYPE, json(statusBody(host.metrics()))),
    ],
    // Liveness: answering at all is the answer.
    ["/healthz", (request, response) => reply(request, response, 200, TEXT_TYPE, "ok\n")],
    [
      "/readyz",
      (request, response) => {
        const answer = readiness(host.metrics().plugins);
        reply(request, response, answer.ready ? 200 : 503, JSON_TYPE, json(answer));
      },
    ],
  ]);
  const server: Server = createServer(metricsRouter(routes));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const unsubscribe = host.subscribe(hub.publish);
  return {
    port: (server.address() as AddressInfo).port,
    sse: hub,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        hub.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
