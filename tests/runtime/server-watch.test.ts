import { expect, test } from "bun:test";
import { createServer } from "node:http";
import { createServer as createNetServer, Server as NetServer } from "node:net";
import { createBunRuntime } from "../../src/runtime/bun-runtime.ts";
import { createDenoRuntime } from "../../src/runtime/deno-runtime.ts";
import { createNodeRuntime } from "../../src/runtime/node-runtime.ts";
import { replaceProperty } from "../../src/runtime/replace-property.ts";
import {
  nodeAddress,
  serveAddress,
  type WatchedServer,
  watchServers,
} from "../../src/runtime/server-watch.ts";

/** Every server opened while `run` runs, and whether its owner closed it. */
async function watching(run: (opened: WatchedServer[], closed: WatchedServer[]) => Promise<void>) {
  const opened: WatchedServer[] = [];
  const closed: WatchedServer[] = [];
  const undo = createBunRuntime().watchServers({
    opened(server) {
      opened.push(server);
      return () => closed.push(server);
    },
  });
  try {
    await run(opened, closed);
  } finally {
    undo();
  }
}

test("Bun.serve: seen once, closed by its owner's stop() or by close()", async () => {
  const serve = Bun.serve;
  await watching(async (opened, closed) => {
    const own = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("up") });
    const left = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("up") });
    expect(opened.map((server) => server.address())).toEqual([String(own.url), String(left.url)]);
    await own.stop(true);
    expect(closed).toEqual([opened[0] as WatchedServer]);
    expect(opened[0]?.isOpen()).toBe(false);
    opened[1]?.close();
    await expect(fetch(String(left.url))).rejects.toThrow();
  });
  expect(Bun.serve).toBe(serve);
});

test("node:http: one server for one listen (Bun's listen calls Bun.serve inside), closed on close", async () => {
  await watching(async (opened, closed) => {
    const server = createServer((_request, response) => response.end("up"));
    await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
    expect(opened).toHaveLength(1);
    const { port } = server.address() as { port: number };
    expect(opened[0]?.address()).toBe(`http://127.0.0.1:${port}/`);
    expect(opened[0]?.isOpen()).toBe(true);
    opened[0]?.close();
    await new Promise((done) => server.once("close", done));
    expect(closed).toHaveLength(1);
    expect(server.listening).toBe(false);
  });
});

test("node:net: a listen that fails is not open", async () => {
  await watching(async (opened) => {
    const first = createNetServer();
    await new Promise<void>((listening) => first.listen(0, "127.0.0.1", listening));
    const { port } = first.address() as { port: number };
    const second = createNetServer();
    const failed = new Promise((done) => second.once("error", done));
    second.listen(port, "127.0.0.1");
    await failed;
    expect(opened.map((server) => server.isOpen())).toEqual([true, false]);
    expect(opened[0]?.address()).toBe(`127.0.0.1:${port}`);
    first.close();
  });
  expect(NetServer.prototype.listen.name).toBe("listen");
});

test("addresses as a user names them", () => {
  expect(nodeAddress(null, true)).toBe("an address not bound yet");
  expect(nodeAddress("/tmp/app.sock", false)).toBe("/tmp/app.sock");
  expect(nodeAddress({ address: "::1", family: "IPv6", port: 80 }, true)).toBe("http://[::1]:80/");
  expect(nodeAddress({ address: "0.0.0.0", family: "IPv4", port: 81 }, false)).toBe("0.0.0.0:81");
  // Deno.serve's `addr`, and Bun.serve's `url`.
  expect(serveAddress({ addr: { transport: "tcp", hostname: "127.0.0.1", port: 8000 } })).toBe(
    "http://127.0.0.1:8000/",
  );
  expect(serveAddress({ addr: { transport: "unix", path: "/tmp/d.sock" } })).toBe(
    "unix:///tmp/d.sock",
  );
  expect(serveAddress({ url: new URL("unix:///tmp/b.sock") })).toBe("unix:///tmp/b.sock");
});

test("watchServers without a serve function patches only node's servers", () => {
  const listen = NetServer.prototype.listen;
  const undo = watchServers({ opened: () => () => {} }, {});
  expect(NetServer.prototype.listen).not.toBe(listen);
  undo();
  expect(NetServer.prototype.listen).toBe(listen);
});

test("replaceProperty puts back exactly what was there, and refuses a read-only property", () => {
  const base = { greet: () => "base" };
  const child = Object.create(base) as { greet(): string };
  const undo = replaceProperty(child, "greet", () => "patched");
  expect(child.greet()).toBe("patched");
  undo();
  expect(Object.hasOwn(child, "greet")).toBe(false);
  expect(child.greet()).toBe("base");
  const frozen: { value: number } = Object.freeze({ value: 1 });
  expect(() => replaceProperty(frozen, "value", 2)).toThrow(
    new TypeError("Cannot patch value: it is read-only"),
  );
});

test.each([
  ["node", createNodeRuntime],
  ["deno", createDenoRuntime],
])(
  "the %s runtime's watchServers patches node's servers (no Deno.serve under Bun), and undoes",
  (_key, create) => {
    const listen = NetServer.prototype.listen;
    const undo = create().watchServers({ opened: () => () => {} });
    expect(NetServer.prototype.listen).not.toBe(listen);
    undo();
    expect(NetServer.prototype.listen).toBe(listen);
  },
);
