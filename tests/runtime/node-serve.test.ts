import { afterEach, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Exchange, HttpServer } from "../../src/runtime/http-server.ts";
import { nodeServe } from "../../src/runtime/node-serve.ts";

// node:http under Bun, in this process, so that what a Node host does with each request and
// answer is measured by coverage; tests/runtime/serve-runtimes.test.ts runs it on real Node.
const noop = () => {};
const sockets = { open: noop, message: noop, close: noop, drain: noop };
let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type Handler = (request: Request, exchange: Exchange) => Response | undefined | Promise<Response>;

async function serve(fetch: Handler): Promise<string> {
  server = await nodeServe({ address: { port: 0, hostname: "127.0.0.1" }, fetch, sockets });
  return `http://127.0.0.1:${(server.address as { port: number }).port}`;
}

test("a request body streams in and the answer keeps its status, headers and every cookie", async () => {
  const url = await serve(async (request) => {
    const body = await request.text();
    const headers = new Headers({ "x-method": request.method });
    headers.append("set-cookie", "a=1");
    headers.append("set-cookie", "b=2");
    return new Response(`got ${body}`, { status: 201, statusText: "Made", headers });
  });
  const response = await fetch(`${url}/items`, { method: "POST", body: "a body" });
  expect(response.status).toBe(201);
  expect(response.statusText).toBe("Made");
  expect(response.headers.get("x-method")).toBe("POST");
  expect(response.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
  expect(await response.text()).toBe("got a body");
});

test("HEAD and an answer without a body end at once", async () => {
  const url = await serve((request) =>
    request.method === "HEAD"
      ? new Response("not sent", { headers: { "x-head": "yes" } })
      : new Response(null, { status: 204 }),
  );
  const head = await fetch(url, { method: "HEAD" });
  expect(head.headers.get("x-head")).toBe("yes");
  expect(await head.text()).toBe("");
  expect((await fetch(url)).status).toBe(204);
});

test("a handler that answers nothing is a 500; one that throws drops the connection", async () => {
  const url = await serve((request) => {
    if (new URL(request.url).pathname === "/throw") throw new Error("boom");
    return undefined;
  });
  expect((await fetch(`${url}/nothing`)).status).toBe(500);
  await expect(fetch(`${url}/throw`)).rejects.toThrow();
});

test("a body stream that fails midway cuts the answer instead of ending it as if complete", async () => {
  const url = await serve(
    () =>
      new Response(
        new ReadableStream({
          pull(controller) {
            controller.enqueue(new TextEncoder().encode("part "));
            controller.error(new Error("the source broke"));
          },
        }),
      ),
  );
  await expect(fetch(url).then((response) => response.text())).rejects.toThrow();
});

test("a client that goes away aborts its request's signal", async () => {
  let aborted: () => void = noop;
  const abortSeen = new Promise<void>((resolve) => {
    aborted = resolve;
  });
  const url = await serve(
    (request) =>
      new Promise<Response>(() => {
        request.signal.addEventListener("abort", () => aborted());
      }),
  );
  const client = httpRequest(url);
  client.on("error", noop);
  client.end();
  client.once("socket", (socket) =>
    socket.once("connect", () => setTimeout(() => client.destroy(), 50)),
  );
  await abortSeen;
});

test("a WebSocket is refused with a code, and the peer's address is told", async () => {
  const url = await serve((_request, exchange) => {
    const remote = exchange.remote();
    try {
      exchange.upgrade({});
      return new Response("upgraded");
    } catch (error) {
      const code = (error as { code?: string }).code;
      return Response.json({ code, address: remote?.address, family: remote?.family });
    }
  });
  expect(await (await fetch(url)).json()).toEqual({
    code: "WEBSOCKET_UNSUPPORTED",
    address: "127.0.0.1",
    family: "IPv4",
  });
});

test("a Unix socket path is listened on and given back as the address", async () => {
  const dir = await mkdtemp(join(tmpdir(), "hotplug-node-serve-"));
  try {
    const path = join(dir, "web.sock");
    server = await nodeServe({
      address: { unix: path },
      fetch: (_request, exchange) => new Response(`remote ${exchange.remote()}`),
      sockets,
    });
    expect(server.address).toEqual({ unix: path });
    const response = await fetch("http://localhost/", { unix: path });
    expect(await response.text()).toBe("remote null");
  } finally {
    await server?.close();
    server = undefined;
    await rm(dir, { recursive: true, force: true });
  }
});

test("an address in use rejects the listen with the system's code", async () => {
  const url = await serve(() => new Response("first"));
  const port = Number(new URL(url).port);
  await expect(
    nodeServe({ address: { port, hostname: "127.0.0.1" }, fetch: () => undefined, sockets }),
  ).rejects.toMatchObject({ code: "EADDRINUSE" });
});
