import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { HotReloadMetrics } from "../reload/hot-reload-metrics.ts";
import { prometheusText } from "./prometheus-text.ts";

export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * GET /metrics (Prometheus text) and GET /status (JSON), on loopback only: the status names
 * files and errors of a developer's machine. Built on node:http so it runs on every runtime.
 */
export async function startMetricsServer(
  port: number,
  metrics: () => HotReloadMetrics,
): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
    const body =
      path === "/metrics"
        ? {
            type: "text/plain; version=0.0.4; charset=utf-8",
            text: () => prometheusText(metrics()),
          }
        : path === "/status"
          ? {
              type: "application/json",
              text: () => `${JSON.stringify(statusBody(metrics()), null, 2)}\n`,
            }
          : undefined;
    if (!body) {
      response
        .writeHead(404, { "content-type": "text/plain" })
        .end("not found: try /metrics or /status\n");
    } else if (request.method !== "GET" && request.method !== "HEAD") {
      response
        .writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain" })
        .end("method not allowed\n");
    } else {
      response.writeHead(200, { "content-type": body.type });
      response.end(request.method === "HEAD" ? undefined : body.text());
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const statusBody = (m: HotReloadMetrics) => ({
  watcher: m.watcherMode,
  plugins: m.plugins,
  metrics: { ...m, plugins: undefined },
});
