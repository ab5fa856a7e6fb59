import type { Server, ServerWebSocket } from "bun";
import type { HttpServer, ServeOptions, ServerSocket } from "./http-server.ts";

/** What rides on a Bun socket: the caller's data, and the one wrapper its events carry. */
interface Carried {
  readonly data: unknown;
  socket?: ServerSocket;
}

const wrap = (ws: ServerWebSocket<Carried>): ServerSocket => {
  ws.data.socket ??= {
    data: ws.data.data,
    get readyState() {
      return ws.readyState;
    },
    remoteAddress: ws.remoteAddress,
    send: (message) => void ws.send(message),
    close: (code, reason) => ws.close(code, reason),
  };
  return ws.data.socket;
};

/**
 * `Bun.serve` with its WebSocket handlers. The idle timeout is Bun's longest (255 s): Bun
 * counts a request whose handler has not answered yet as idle, and a request held through a
 * reload, or a slow one being drained, must not be cut at Bun's default 10 s.
 */
export function bunServe(options: ServeOptions): Promise<HttpServer> {
  const { address, sockets } = options;
  // Bun's types allow no idle timeout on a Unix socket.
  const where = "unix" in address ? { unix: address.unix } : { ...address, idleTimeout: 255 };
  const server: Server<Carried> = Bun.serve<Carried>({
    ...where,
    fetch(request, bun) {
      return options.fetch(request, {
        upgrade: ({ data, headers }) =>
          bun.upgrade(request, { data: { data }, ...(headers ? { headers } : {}) }),
        remote: () => {
          const ip = bun.requestIP(request);
          return ip ? { address: ip.address, family: ip.family, port: ip.port } : null;
        },
      });
    },
    websocket: {
      open: (ws) => sockets.open(wrap(ws)),
      message: (ws, message) => sockets.message(wrap(ws), message),
      close: (ws, code, reason) => sockets.close(wrap(ws), code, reason),
      drain: (ws) => sockets.drain(wrap(ws)),
    },
  });
  const bound =
    "unix" in address ? address : { port: server.port ?? address.port, hostname: address.hostname };
  return Promise.resolve({ address: bound, close: () => server.stop(true) });
}
