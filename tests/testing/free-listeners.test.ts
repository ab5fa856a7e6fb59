import { afterEach, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { detectRuntime } from "../../src/runtime/detect-runtime.ts";
import type { ServeOptions } from "../../src/runtime/http-server.ts";
import { freeListeners, urlOf } from "../../src/testing/free-listeners.ts";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const handlers: Omit<ServeOptions, "address"> = {
  fetch: () => new Response("here"),
  sockets: { open() {}, message() {}, close() {}, drain() {} },
};

/** A port someone else holds, as a running `hotplug dev` holds plugin.json's. */
async function takenPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return (server.address() as { port: number }).port;
}

test("binds a free port on the host asked for, and says it is at the address asked", async () => {
  const taken = await takenPort();
  const listeners = freeListeners(detectRuntime(), tmpdir());
  const asked = { hostname: "127.0.0.1", port: taken };
  const server = await listeners.runtime.serve({ address: asked, ...handlers });
  expect(server.address).toEqual(asked);
  const bound = listeners.bound as { hostname: string; port: number };
  expect(bound.hostname).toBe("127.0.0.1");
  expect(bound.port).not.toBe(taken);
  expect(await (await fetch(urlOf(bound) as string)).text()).toBe("here");

  await server.close();
  expect(listeners.bound).toBeUndefined();
});

test("a Unix socket goes into the test host's folder", async () => {
  const dir = await mkdtemp(join(tmpdir(), "hotplug-sockets-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const listeners = freeListeners(detectRuntime(), dir);
  const asked = { unix: "/run/web.sock" };
  const server = await listeners.runtime.serve({ address: asked, ...handlers });
  expect(server.address).toEqual(asked);
  expect(listeners.bound).toEqual({ unix: join(dir, ".listener-1.sock") });
  expect(existsSync(join(dir, ".listener-1.sock"))).toBe(true);
  expect(urlOf(listeners.bound)).toBeUndefined();
  await server.close();
});

test("urlOf reaches a wildcard host on loopback and brackets IPv6", () => {
  expect(urlOf({ hostname: "0.0.0.0", port: 80 })).toBe("http://127.0.0.1:80/");
  expect(urlOf({ hostname: "::", port: 80 })).toBe("http://[::1]:80/");
  expect(urlOf({ hostname: "::1", port: 80 })).toBe("http://[::1]:80/");
  expect(urlOf({ hostname: "localhost", port: 80 })).toBe("http://localhost:80/");
  expect(urlOf(undefined)).toBeUndefined();
});
