import { afterEach, describe, expect, test } from "bun:test";
import { createBunRuntime } from "../../src/runtime/bun-runtime.ts";
import type { WorkerEndpoint } from "../../src/runtime/worker-endpoint.ts";
import { WorkerFetchClient } from "../../src/serve/worker-fetch-client.ts";
import { get, openListener, until, urlOf } from "./serve-fixture.ts";

const runtime = createBunRuntime();
const workers: WorkerEndpoint[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.terminate()));
});

/** A real Worker running fixtures/serving-worker.ts as generation `g`, and its host end. */
async function spawn(g: number) {
  const url = new URL("./fixtures/serving-worker.ts", import.meta.url);
  const endpoint = runtime.spawnWorker(url, `serving ${g}`);
  workers.push(endpoint);
  let loaded = false;
  let ready = false;
  endpoint.onMessage((message) => {
    loaded ||= (message as { loaded?: boolean }).loaded === true;
    ready ||= (message as { ready?: string }).ready === String(g);
  });
  const client = new WorkerFetchClient(endpoint, "web");
  await until(`worker ${g} loaded`, () => loaded);
  endpoint.post({ generation: String(g) });
  await until(`worker ${g} ready`, () => ready);
  return { endpoint, client, target: client.target(g) };
}

describe("a worker generation behind the host's listener", () => {
  test("answers requests: method, URL, headers and who asked all cross", async () => {
    const listener = await openListener();
    const { client } = await spawn(1);
    listener.serve(client.target(1));
    const answer = await get(listener, "/hello?x=1");
    expect(answer).toMatchObject({ status: 200, text: "worker generation 1: GET /hello" });
    expect(answer.headers.get("x-generation")).toBe("1");
    const ip = await fetch(urlOf(listener, "/ip")).then((r) => r.json());
    expect(ip).toMatchObject({ address: "127.0.0.1" });
  });

  test("streams the request body in and the response body out, chunk by chunk", async () => {
    const listener = await openListener();
    const { client } = await spawn(1);
    listener.serve(client.target(1));
    let send!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        send = controller;
      },
    });
    send.enqueue(new TextEncoder().encode("first "));
    const response = await fetch(urlOf(listener, "/echo"), {
      method: "POST",
      body,
      duplex: "half",
    } as RequestInit);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    // The first chunk comes back before the second is written: neither body is buffered whole.
    expect(decoder.decode((await reader.read()).value)).toBe("FIRST ");
    send.enqueue(new TextEncoder().encode("second"));
    expect(decoder.decode((await reader.read()).value)).toBe("SECOND");
    send.close();
    expect((await reader.read()).done).toBe(true);
  });

  test("a killed worker fails its request in flight with 503; the listener serves on", async () => {
    const listener = await openListener();
    const first = await spawn(1);
    listener.serve(first.target);
    const hanging = get(listener, "/hang");
    await until("in flight", () => listener.stats().inFlight === 1);
    await first.endpoint.terminate();
    first.client.fail();
    const answer = await hanging;
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.text)).toMatchObject({ plugin: "web", state: "failed" });
    expect((await get(listener, "/after")).status).toBe(503);
    const second = await spawn(2);
    listener.serve(second.target);
    expect((await get(listener, "/after")).text).toBe("worker generation 2: GET /after");
  });

  test("a WebSocket accepted in one worker reaches the next one's handlers, with its data", async () => {
    const listener = await openListener();
    const first = await spawn(1);
    listener.serve(first.target);
    const ws = new WebSocket(urlOf(listener, "/ws").replace("http", "ws"));
    const received: string[] = [];
    let closed: { code: number; reason: string } | undefined;
    ws.onmessage = (event) => received.push(String(event.data));
    ws.onclose = (event) => {
      closed = { code: event.code, reason: event.reason };
    };
    await new Promise((resolve) => {
      ws.onopen = resolve;
    });
    ws.send("one");
    await until("answer 1", () => received.length === 1);
    const second = await spawn(2);
    listener.serve(second.target);
    ws.send("two");
    await until("answer 2", () => received.length === 2);
    expect(received).toEqual(["worker generation 1: one (ada)", "worker generation 2: two (ada)"]);
    ws.send("bye");
    await until("closed by the worker", () => closed !== undefined);
    expect(closed).toEqual({ code: 4000, reason: "bye from the worker" });
  });
});
