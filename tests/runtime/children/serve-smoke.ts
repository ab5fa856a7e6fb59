// Serves through this runtime's Runtime.serve, asks itself, and prints what it saw as one JSON
// line: a GET, a streamed POST echoed back, a WebSocket round trip (or why there is none),
// the peer's address, and that the port is free after close(). Runs on Bun, Deno and Node.
import { detectRuntime } from "../../../src/runtime/detect-runtime.ts";
import type { ServerSocket } from "../../../src/runtime/http-server.ts";

const runtime = detectRuntime();
let upgradeError: string | undefined;
const server = await runtime.serve({
  address: { port: 0, hostname: "127.0.0.1" },
  fetch(request, exchange) {
    const path = new URL(request.url).pathname;
    if (path === "/echo") return new Response(request.body, { headers: { "x-echo": "1" } });
    if (path === "/ip") return Response.json(exchange.remote());
    if (path === "/ws") {
      try {
        if (exchange.upgrade({ data: "ada" })) return undefined;
      } catch (error) {
        upgradeError = (error as { code?: string }).code;
      }
      return new Response("no WebSocket", { status: 426 });
    }
    return new Response(`${request.method} ${path}`);
  },
  sockets: {
    open() {},
    message: (socket: ServerSocket, message) => socket.send(`${message} (${socket.data})`),
    close() {},
    drain() {},
  },
});
const { port } = server.address as { port: number };
const base = `http://127.0.0.1:${port}`;
const get = await (await fetch(`${base}/hello`)).text();
const echo = await (await fetch(`${base}/echo`, { method: "POST", body: "streamed body" })).text();
const ip = (await (await fetch(`${base}/ip`)).json()) as { address?: string } | null;
// Node 20 has no WebSocket client: a plain GET reaches the handler, whose upgrade refuses.
const plainGet = () => fetch(`${base}/ws`).then(() => `refused: ${upgradeError}`);
const ws = await (typeof WebSocket === "undefined" ? plainGet() : webSocketRoundTrip());
await server.close();
const afterClose = await fetch(`${base}/hello`).then(
  () => "answered",
  () => "refused",
);
function webSocketRoundTrip(): Promise<string> {
  return new Promise<string>((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    socket.onopen = () => socket.send("hi");
    socket.onmessage = (event) => {
      resolve(String(event.data));
      socket.close();
    };
    socket.onerror = () => resolve(`refused: ${upgradeError}`);
  });
}
console.log(JSON.stringify({ runtime: runtime.key, get, echo, ip: ip?.address, ws, afterClose }));
process.exit(0);
