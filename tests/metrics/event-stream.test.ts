import { afterEach, describe, expect, test } from "bun:test";
import { connect, type Socket } from "node:net";
import { setImmediate } from "node:timers/promises";
import { jsonReporter } from "../../src/cli/json-reporter.ts";
import type { HostEvent } from "../../src/host-events.ts";
import { FakeClock } from "../schedule/fake-clock.ts";
import { until } from "../support/until.ts";
import { FakeHost } from "./fake-host.ts";
import { SseClient } from "./sse-client.ts";

let host: FakeHost;
const clients: SseClient[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const socket of sockets.splice(0)) socket.destroy();
  await host.close();
});

const open = async (path = "/events", headers: Record<string, string> = {}) => {
  const client = await SseClient.open(`${host.url}${path}`, headers);
  clients.push(client);
  return client;
};

const failure = {
  plugin: "greeter",
  phase: "import",
  message: "Unexpected token </script><script>alert(1)</script>\nsecond line",
  file: "greeter/index.ts",
  line: 3,
  column: 7,
  frame: "3 | export default {\n  |       ^",
  timedOut: false,
  rolledBack: false,
  runningGeneration: 1,
  report: {
    message: "Unexpected token",
    location: { file: "/abs/greeter/index.ts", line: 3, column: 7, lineText: "export default {" },
    stack: [],
    errors: [],
    more: 0,
  },
} as const;

describe("GET /events", () => {
  test("streams the --json objects, one data line each, with increasing ids", async () => {
    host = new FakeHost();
    const server = await host.serve();
    const client = await open();
    await until("the client is attached", () => server.sse.clientCount === 1);
    const json: string[] = [];
    host.bus.on(jsonReporter((line) => json.push(line)));
    host.emit("plugin:failed", failure);
    host.reloaded("greeter", 2, 12.5, ["greeter/index.ts"]);
    await client.waitForData(2);
    expect(client.data).toEqual(json.map((line) => JSON.parse(line)));
    expect(JSON.stringify(client.data)).not.toContain("/abs/"); // `report` stays in-process
    expect(client.messages[0]).toEqual([["retry", "1000"]]);
    expect(client.messages.slice(1).map((fields) => fields.map(([name]) => name))).toEqual([
      ["id", "data"],
      ["id", "data"],
    ]);
    expect(client.messages.slice(1).map((fields) => Number(fields[0]?.[1]))).toEqual([1, 2]);
  });

  test("a client that disconnects is forgotten at once, and its heartbeat with it", async () => {
    host = new FakeHost();
    const clock = new FakeClock();
    const server = await host.serve({ clock, heartbeatMs: 15_000 });
    const client = await open();
    await until("the client is attached", () => server.sse.clientCount === 1);
    clock.tick(15_000);
    await until("a heartbeat comment", () => client.raw.includes(": keep-alive\n\n"));
    expect(client.data).toEqual([]); // a comment is no event
    client.close();
    await until("the client is removed", () => server.sse.clientCount === 0);
    expect(clock.pendingTimers).toBe(0);
  });

  test("a reconnect is replayed the reloads and failures it missed, from Last-Event-ID", async () => {
    host = new FakeHost();
    await host.serve({ historySize: 3 });
    host.reloaded("a", 2, 1, ["a/index.ts"]); // id 1, pushed out of the history of 3
    host.emit("plugin:unloaded", { plugin: "b", reason: "deleted" }); // id 2: not a reload
    host.reloaded("a", 3, 2, ["a/index.ts"]); // id 3
    host.emit("plugin:failed", failure); // id 4
    host.reloaded("a", 4, 3, ["a/index.ts"]); // id 5
    const generations = (client: SseClient) =>
      client.data.map((event) => (event as { generation?: number }).generation ?? "failed");

    const fromStart = await open("/events?after=0");
    await fromStart.waitForData(3);
    expect(generations(fromStart)).toEqual([3, "failed", 4]);
    const resumed = await open("/events?after=0", { "last-event-id": "4" });
    await resumed.waitForData(1);
    expect(generations(resumed)).toEqual([4]);
    const live = await open("/events");
    host.reloaded("a", 5, 1, ["a/index.ts"]);
    await live.waitForData(1);
    expect(generations(live)).toEqual([5]);
    for (const bad of ["x", "-1", "1e400"]) {
      const client = await open(`/events?after=${bad}`);
      host.reloaded("a", 6, 1, []);
      await client.waitForData(1);
      expect(generations(client)).toEqual([6]);
    }
  });

  test("a client that never reads is dropped at its buffer bound; the host holds no more", async () => {
    host = new FakeHost();
    const bound = 256 * 1024;
    const server = await host.serve({ maxBufferedBytes: bound });
    const stuck = connect({ host: "127.0.0.1", port: server.port });
    sockets.push(stuck);
    stuck.pause(); // reads nothing, ever: the kernel's socket buffers fill, then the server's
    stuck.write("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const reader = await open();
    await until("both clients attached", () => server.sse.clientCount === 2);

    const message = "x".repeat(16 * 1024);
    let published = 0;
    let mostBuffered = 0;
    let sent = 0;
    while (server.sse.clientCount === 2 && published < 64 * 1024 * 1024) {
      host.emit("plugin:failed", { ...failure, message });
      sent++;
      published += message.length;
      mostBuffered = Math.max(mostBuffered, server.sse.bufferedBytes);
      await setImmediate(); // lets the reading client read, as a real event loop would
    }
    expect(server.sse.clientCount).toBe(1);
    expect(mostBuffered).toBeLessThanOrEqual(2 * bound); // both clients' buffers, each bounded
    expect(published).toBeGreaterThan(8 * bound); // without the bound, all this would be held
    await reader.waitForData(sent); // the reader was not dropped and missed nothing
    expect(reader.closed).toBe(false);
  });
});

describe("the events the timeline keeps", () => {
  test("are the last reloads and failures, as the page embeds them", async () => {
    host = new FakeHost();
    await host.serve({ historySize: 2 });
    host.reloaded("a", 2, 1, []);
    host.emit("plugin:started", {
      plugin: "b",
      version: "1.0.0",
      generation: 1,
      durationMs: 1,
      isolation: "none",
    });
    host.reloaded("a", 3, 1, []);
    host.emit("plugin:failed", failure);
    const page = await (await fetch(`${host.url}/`)).text();
    const embedded = JSON.parse(/id="initial">(.*?)<\/script>/s.exec(page)?.[1] ?? "null") as {
      seq: number;
      history: HostEvent[];
    };
    expect(embedded.seq).toBe(4);
    expect(embedded.history.map((event) => event.type)).toEqual([
      "plugin:reloaded",
      "plugin:failed",
    ]);
    expect(embedded.history[1]).not.toHaveProperty("report");
  });
});
