import type { HttpServer, ServeOptions, ServerSocket } from "./http-server.ts";

/** The parts of Deno's namespace used here (hotplug type-checks against bun-types only). */
interface DenoServeApi {
  serve(
    options: Record<string, unknown>,
    handler: (request: Request, info: { remoteAddr: DenoAddr }) => Promise<Response>,
  ): { finished: Promise<void> };
  upgradeWebSocket(request: Request): { socket: WebSocket; response: Response };
}
type DenoAddr = { transport: string; hostname?: string; port?: number; path?: string };

function socketOf(socket: WebSocket, data: unknown, remoteAddress: string): ServerSocket {
  return {
    data,
    get readyState() {
      return socket.readyState;
    },
    remoteAddress,
    send: (message) => socket.send(message),
    close: (code, reason) => socket.close(code, reason),
  };
}

/**
 * `Deno.serve` and `Deno.upgradeWebSocket`. Aborting the server's signal closes it and all
 * its connections; `finished` says when that is done.
 */
export function denoServe(options: ServeOptions): Promise<HttpServer> {
  const deno = (globalThis as unknown as { Deno: DenoServeApi }).Deno;
  const { address, sockets } = options;
  const controller = new AbortController();
  const open = new Set<WebSocket>();
  return new Promise((resolve, reject) => {
    let server: { finished: Promise<void> } | undefined;
    const onListen = (bound: DenoAddr) => {
      const where =
        "unix" in address
          ? address
          : { port: bound.port ?? address.port, hostname: address.hostname };
      resolve({
        address: where,
        async close() {
          for (const socket of open) socket.close(1001, "server closing");
          controller.abort();
          await server?.finished;
        },
      });
    };
    const listen =
      "unix" in address
        ? { transport: "unix", path: address.unix }
        : { port: address.port, hostname: address.hostname };
    try {
      server = deno.serve(
        { ...listen, signal: controller.signal, onListen },
        async (request, info) => {
          let upgraded: Response | undefined;
          const remote = info.remoteAddr;
          const response = await options.fetch(request, {
            upgrade({ data, headers }) {
              if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") return false;
              const { socket, response } = deno.upgradeWebSocket(request);
              for (const [key, value] of new Headers(headers)) response.headers.set(key, value);
              socket.binaryType = "arraybuffer";
              const wrapped = socketOf(socket, data, remote.hostname ?? "");
              socket.onopen = () => {
                open.add(socket);
                sockets.open(wrapped);
              };
              socket.onmessage = (event) => {
                const message = event.data;
                sockets.message(
                  wrapped,
                  typeof message === "string" ? message : new Uint8Array(message as ArrayBuffer),
                );
              };
              socket.onclose = (event) => {
                open.delete(socket);
                sockets.close(wrapped, event.code, event.reason);
              };
              upgraded = response;
              return true;
            },
            remote: () =>
              remote.transport === "tcp" && remote.hostname
                ? {
                    address: remote.hostname,
                    family: remote.hostname.includes(":") ? "IPv6" : "IPv4",
                    port: remote.port ?? 0,
                  }
                : null,
          });
          return response ?? upgraded ?? new Response(null, { status: 500 });
        },
      );
    } catch (error) {
      reject(error);
    }
  });
}
