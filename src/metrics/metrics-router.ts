import type { IncomingMessage, ServerResponse } from "node:http";

export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** Answers `status` with `body`, or with the headers alone to a HEAD request. */
export function reply(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string,
): void {
  response.writeHead(status, headers);
  response.end(request.method === "HEAD" ? undefined : body);
}

export const TEXT_TYPE = { "content-type": "text/plain; charset=utf-8" };

// A web page can point its own host name at 127.0.0.1 (DNS rebinding) and then read this
// server as same-origin; its requests still carry that name, so only loopback names pass.
const LOOPBACK_NAMES: ReadonlySet<string> = new Set(["127.0.0.1", "localhost", "[::1]"]);

function loopbackHost(host: string | undefined): boolean {
  if (host === undefined) return true;
  try {
    return LOOPBACK_NAMES.has(new URL(`http://${host}`).hostname);
  } catch {
    return false;
  }
}

/**
 * Exact paths to handlers, GET and HEAD only: an unknown path is 404, another method 405, and
 * a Host header that does not name loopback 403.
 */
export function metricsRouter(routes: ReadonlyMap<string, RouteHandler>): RouteHandler {
  const paths = [...routes.keys()].join(", ");
  return (request, response) => {
    if (!loopbackHost(request.headers.host)) {
      reply(request, response, 403, TEXT_TYPE, "forbidden: open it as 127.0.0.1 or localhost\n");
      return;
    }
    const handler = routes.get(new URL(request.url ?? "/", "http://127.0.0.1").pathname);
    if (!handler) {
      reply(request, response, 404, TEXT_TYPE, `not found: try ${paths}\n`);
    } else if (request.method !== "GET" && request.method !== "HEAD") {
      reply(request, response, 405, { ...TEXT_TYPE, allow: "GET, HEAD" }, "method not allowed\n");
    } else {
      handler(request, response);
    }
  };
}
