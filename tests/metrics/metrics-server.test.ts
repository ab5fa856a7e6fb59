import { afterEach, describe, expect, test } from "bun:test";
import { request } from "node:http";
import { FakeHost, pluginStatus } from "./fake-host.ts";

let host: FakeHost;
afterEach(() => host.close());

const at = (path: string, init: RequestInit = {}) => fetch(`${host.url}${path}`, init);

/** A raw request: fetch will not send a Host header of our choosing. */
const withHost = (port: number, hostHeader: string) =>
  new Promise<number>((resolve, reject) => {
    const sent = request({
      host: "127.0.0.1",
      port,
      path: "/status",
      headers: { host: hostHeader },
    });
    sent.once("response", (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    sent.once("error", reject);
    sent.end();
  });

describe("the metrics server's routes", () => {
  test("GET and HEAD on every route; other methods 405, other paths 404", async () => {
    host = new FakeHost();
    await host.serve();
    for (const path of ["/", "/metrics", "/status", "/healthz", "/readyz"]) {
      expect({ path, status: (await at(path)).status }).toEqual({ path, status: 200 });
      const head = await at(path, { method: "HEAD" });
      expect({ path, status: head.status, body: await head.text() }).toEqual({
        path,
        status: 200,
        body: "",
      });
      for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
        const response = await at(path, { method });
        expect({ path, method, status: response.status }).toEqual({ path, method, status: 405 });
        expect(response.headers.get("allow")).toBe("GET, HEAD");
      }
    }
    const events = await at("/events", { method: "HEAD" });
    expect([events.status, events.headers.get("content-type")]).toEqual([200, "text/event-stream"]);
    for (const path of ["/index.html", "/events/", "/dashboard", "/STATUS", "/%2e%2e/etc/passwd"]) {
      const response = await at(path);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      expect(await response.text()).toContain("/readyz");
    }
  });

  test("a Host header naming anything but loopback is refused (DNS rebinding)", async () => {
    host = new FakeHost();
    const server = await host.serve();
    for (const name of ["127.0.0.1", "localhost", "[::1]"]) {
      expect(await withHost(server.port, `${name}:${server.port}`)).toBe(200);
    }
    for (const name of ["evil.example", "127.0.0.1.evil.example", "localhost.", "bad host"]) {
      expect({ name, status: await withHost(server.port, name) }).toEqual({ name, status: 403 });
    }
  });

  test("/status is the plugins and the metrics as JSON", async () => {
    host = new FakeHost();
    await host.serve();
    host.plugins = [pluginStatus({ name: "greeter", generation: 3 })];
    host.emit("host:synced", { reloaded: [], started: [], unloaded: [], failed: [], unchanged: 1 });
    const body = (await (await at("/status")).json()) as {
      watcher: string;
      plugins: unknown[];
      metrics: Record<string, unknown>;
    };
    expect(body.watcher).toBe("native");
    expect(body.plugins).toMatchObject([{ name: "greeter", generation: 3 }]);
    expect(body.metrics).toMatchObject({ syncCount: 1, reloadCount: 0 });
    expect(body.metrics).not.toHaveProperty("plugins");
  });
});

describe("the probes", () => {
  test("/healthz answers ok whatever the plugins' state", async () => {
    host = new FakeHost();
    await host.serve();
    host.plugins = [pluginStatus({ name: "broken", state: "failed", generation: null })];
    const response = await at("/healthz");
    expect([response.status, await response.text()]).toEqual([200, "ok\n"]);
  });

  test("/readyz is 503 naming each plugin that is not running the code on disk, and why", async () => {
    host = new FakeHost();
    await host.serve();
    host.plugins = [pluginStatus({ name: "fine" })];
    const ready = await at("/readyz");
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, notReady: [] });

    const error = (message: string) => ({ phase: "import", message });
    host.plugins = [
      pluginStatus({ name: "fine" }),
      pluginStatus({ name: "old", stale: true, lastError: error("old: Unexpected token") }),
      pluginStatus({ name: "dead", state: "failed", generation: null, lastError: error("boom") }),
      pluginStatus({
        name: "patient",
        state: "waiting",
        generation: null,
        lastError: error("patient: waiting for clock (dependsOn), which is missing"),
      }),
      // Reloading while its old generation serves: ready; between stop and start: not.
      pluginStatus({ name: "busy", state: "reloading" }),
      pluginStatus({ name: "swapping", state: "loading", generation: null }),
    ];
    const notReady = await at("/readyz");
    expect(notReady.status).toBe(503);
    expect(notReady.headers.get("content-type")).toContain("application/json");
    expect(await notReady.json()).toEqual({
      ready: false,
      notReady: [
        { plugin: "old", state: "stale", reason: "old: Unexpected token" },
        { plugin: "dead", state: "failed", reason: "boom" },
        {
          plugin: "patient",
          state: "waiting",
          reason: "patient: waiting for clock (dependsOn), which is missing",
        },
        { plugin: "swapping", state: "loading", reason: "is loading" },
      ],
    });
  });
});
