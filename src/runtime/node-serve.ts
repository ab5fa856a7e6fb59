import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { HotplugError } from "../errors/hotplug-error.ts";
import type { Exchange, HttpServer, ServeOptions } from "./http-server.ts";

const NO_BODY = new Set(["GET", "HEAD"]);

/** A Web Request for a node:http request; its body streams from the socket as it arrives. */
function toRequest(req: IncomingMessage, res: ServerResponse): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    headers.append(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string);
  }
  const controller = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const method = req.method ?? "GET";
  const hasBody = !NO_BODY.has(method);
  return new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, {
    method,
    headers,
    signal: controller.signal,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}),
  });
}

/** Writes `response` to `res` as it is read: a slow stream is sent chunk by chunk. */
async function send(response: Response, method: string, res: ServerResponse): Promise<void> {
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  response.headers.forEach((value, key) => {
    if (key !== "set-cookie") res.setHeader(key, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  if (!response.body || method === "HEAD") {
    await response.body?.cancel();
    res.end();
    return;
  }
  const reader = response.body.getReader();
  const gone = () => void reader.cancel().catch(() => {});
  res.once("close", gone);
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      if (!res.write(read.value)) await once(res, "drain");
    }
    res.end();
  } catch {
    res.destroy();
  } finally {
    res.off("close", gone);
  }
}

/**
 * `node:http` with Web Request and Response, both streamed. WebSockets are refused:
 * node:http has no WebSocket server, and hotplug takes no dependency for one.
 */
export async function nodeServe(options: ServeOptions): Promise<HttpServer> {
  const server = createServer((req, res) => {
    const exchange: Exchange = {
      upgrade() {
        throw new HotplugError(
          "WEBSOCKET_UNSUPPORTED",
          "Cannot accept a WebSocket on Node: node:http has no WebSocket server (run on Bun or Deno)",
        );
      },
      remote: () => {
        const { remoteAddress, remoteFamily, remotePort } = req.socket;
        if (!remoteAddress) return null;
        const family = remoteFamily === "IPv6" ? "IPv6" : "IPv4";
        return { address: remoteAddress, family, port: remotePort ?? 0 };
      },
    };
    const method = req.method ?? "GET";
    Promise.resolve()
      .then(() => options.fetch(toRequest(req, res), exchange))
      .then((response) => send(response ?? new Response(null, { status: 500 }), method, res))
      .catch(() => res.destroy());
  });
  const { address } = options;
  server.listen(
    "unix" in address ? { path: address.unix } : { port: address.port, host: address.hostname },
  );
  // once() rejects with the server's `error` (EADDRINUSE, EACCES) while it waits.
  await once(server, "listening");
  const bound =
    "unix" in address
      ? address
      : { port: (server.address() as AddressInfo).port, hostname: address.hostname };
  return {
    address: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
