import { describe, expect, test } from "bun:test";
import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ServeError } from "../../src/serve/serve-error.ts";
import { FakeClock } from "../schedule/fake-clock.ts";
import { gate, get, openListener, target, until, urlOf } from "./serve-fixture.ts";

describe("a listener with no generation", () => {
  test("answers 503 at once, with Retry-After and a body naming the plugin and its state", async () => {
    const listener = await openListener();
    const loading = await get(listener);
    expect(loading.status).toBe(503);
    expect(loading.headers.get("retry-after")).toBe("1");
    expect(JSON.parse(loading.text)).toMatchObject({ plugin: "web", state: "loading" });
    listener.unavailable("failed");
    const failed = await get(listener);
    expect(JSON.parse(failed.text)).toMatchObject({ plugin: "web", state: "failed" });
    expect(listener.stats()).toMatchObject({ mode: "unavailable", unavailable: 2, requests: 0 });
  });

  test("cannot bind a taken address: a ServeError naming the plugin and the address", async () => {
    const first = await openListener();
    const error = await openListener({ plugin: "second", address: first.address }).catch((e) => e);
    expect(error).toBeInstanceOf(ServeError);
    expect(error.code).toBe("LISTEN_FAILED");
    const { port } = first.address as { port: number };
    expect(error.message).toStartWith(`second: cannot listen on 127.0.0.1:${port}: `);
  });
});

describe("serve()", () => {
  test("sends each request to the generation serving when it arrives", async () => {
    const listener = await openListener();
    listener.serve(target(1));
    expect((await get(listener, "/a")).text).toBe("generation 1: /a");
    listener.serve(target(2));
    expect((await get(listener, "/b")).text).toBe("generation 2: /b");
    expect(listener.stats()).toMatchObject({ mode: "serving", requests: 2, inFlight: 0 });
  });

  test("a handler that throws is answered 500 and reported", async () => {
    const errors: unknown[] = [];
    const listener = await openListener({ onError: (error) => errors.push(error) });
    listener.serve(
      target(1, () => {
        throw new Error("boom");
      }),
    );
    expect((await get(listener)).status).toBe(500);
    listener.serve(target(2, async () => Promise.reject(new Error("later"))));
    expect((await get(listener)).status).toBe(500);
    expect(errors.map((e) => (e as Error).message)).toEqual(["boom", "later"]);
    expect(listener.stats().errors).toBe(2);
  });

  test("ctx.requestIP tells who asked; upgrade refuses a request that is not a WebSocket's", async () => {
    const listener = await openListener();
    listener.serve(
      target(1, (request) => {
        const ip = listener.abilities.requestIP(request);
        const upgraded = listener.abilities.upgrade(request);
        return Response.json({ ip: ip?.address, upgraded });
      }),
    );
    expect(JSON.parse((await get(listener)).text)).toEqual({ ip: "127.0.0.1", upgraded: false });
    expect(() => listener.abilities.upgrade(new Request("http://x/"))).toThrow(
      "Cannot upgrade: this request is not one this plugin is answering",
    );
  });
});

describe("hold()", () => {
  test("keeps new requests until the next generation serves, which answers them", async () => {
    const listener = await openListener();
    listener.serve(target(1));
    listener.hold(5000);
    const waiting = [get(listener, "/x"), get(listener, "/y")];
    await until("both requests held", () => listener.stats().holding === 2);
    listener.serve(target(2));
    expect((await Promise.all(waiting)).map((r) => r.text)).toEqual([
      "generation 2: /x",
      "generation 2: /y",
    ]);
    const stats = listener.stats();
    expect(stats).toMatchObject({ held: 2, holding: 0, unavailable: 0 });
    expect(stats.heldWaitP95Ms).toBeGreaterThan(0);
  });

  test("answers 503 past its bound, and at once when the plugin turns out to be failed", async () => {
    const clock = new FakeClock();
    const listener = await openListener({ clock });
    listener.hold(1000);
    const late = get(listener);
    await until("held", () => listener.stats().holding === 1);
    clock.tick(999);
    expect(listener.stats().holding).toBe(1);
    clock.tick(1);
    const answer = await late;
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.text).state).toBe("reloading");
    const failing = get(listener);
    await until("held", () => listener.stats().holding === 1);
    listener.unavailable("failed");
    expect(JSON.parse((await failing).text).state).toBe("failed");
    expect(listener.stats().heldWaitP50Ms).toBe(1000);
  });
});

describe("drain()", () => {
  test("waits for the requests the old generation took; they finish there, new ones go on", async () => {
    const listener = await openListener();
    const slow = gate();
    const old = target(1, async () => {
      await slow.opened;
      return new Response("old and slow");
    });
    listener.serve(old);
    const inFlight = get(listener, "/slow");
    await until("in flight", () => listener.stats().inFlight === 1);
    listener.serve(target(2));
    let drained = false;
    const drain = listener.drain(old, 5000).then((result) => {
      drained = true;
      return result;
    });
    expect((await get(listener, "/new")).text).toBe("generation 2: /new");
    expect(drained).toBe(false);
    slow.open();
    expect((await inFlight).text).toBe("old and slow");
    expect(await drain).toEqual({ drained: 1, timedOut: 0 });
    expect(listener.stats().drained).toBe(1);
  });

  test("counts a streamed body until its last chunk", async () => {
    const listener = await openListener();
    const chunks = [gate(), gate()];
    const old = target(1, () => {
      let n = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const next = chunks[n++];
          if (!next) return controller.close();
          await next.opened;
          controller.enqueue(new TextEncoder().encode(`chunk ${n};`));
        },
      });
      return new Response(body);
    });
    listener.serve(old);
    const answer = fetch(urlOf(listener));
    await until("in flight", () => listener.stats().inFlight === 1);
    listener.hold(5000);
    let drained = false;
    const drain = listener.drain(old, 5000).then(() => {
      drained = true;
    });
    chunks[0]?.open();
    const response = await answer;
    expect(drained).toBe(false);
    chunks[1]?.open();
    expect(await response.text()).toBe("chunk 1;chunk 2;");
    await drain;
    expect(drained).toBe(true);
  });

  test("past its bound answers 503 for an unanswered request and cuts a streaming one", async () => {
    const clock = new FakeClock();
    const listener = await openListener({ clock });
    const never = new Promise<Response>(() => {});
    const old = target(1, (request) =>
      request.url.endsWith("/stream")
        ? new Response(new ReadableStream({ pull: () => never.then(() => undefined) }))
        : never,
    );
    listener.serve(old);
    const unanswered = get(listener, "/wait");
    const streaming = fetch(urlOf(listener, "/stream"));
    await until("both in flight", () => listener.stats().inFlight === 2);
    listener.unavailable("stopping");
    const drain = listener.drain(old, 2000);
    clock.tick(2000);
    expect(await drain).toEqual({ drained: 0, timedOut: 2 });
    const answer = await unanswered;
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.text).state).toBe("stopping");
    expect(await streaming.then((r) => r.text()).catch(() => "cut")).toBe("cut");
    expect(listener.stats()).toMatchObject({ inFlight: 0, drained: 0 });
  });

  test("a request ends with an empty body at once, and when its client leaves mid-stream", async () => {
    const listener = await openListener();
    const old = target(1, (request) =>
      request.url.endsWith("/empty")
        ? new Response(null, { status: 204 })
        : new Response(new ReadableStream({ pull: () => new Promise(() => {}) })),
    );
    listener.serve(old);
    expect((await get(listener, "/empty")).status).toBe(204);
    expect(listener.stats().inFlight).toBe(0);
    const client = new AbortController();
    const leaving = fetch(urlOf(listener, "/stream"), { signal: client.signal }).catch(
      () => "left",
    );
    await until("in flight", () => listener.stats().inFlight === 1);
    client.abort();
    await leaving;
    await until("ended when the client left", () => listener.stats().inFlight === 0);
    listener.hold(1000);
    expect(await listener.drain(old, 5000)).toEqual({ drained: 0, timedOut: 0 });
  });

  test("refuses to drain the generation that serves", async () => {
    const listener = await openListener();
    const serving = target(1);
    listener.serve(serving);
    expect(() => listener.drain(serving, 10)).toThrow("Cannot drain generation 1: it still serves");
    expect(await listener.drain(target(9), 10)).toEqual({ drained: 0, timedOut: 0 });
  });
});

describe("WebSockets", () => {
  /** A target whose sockets answer `generation N: <message> (<data>)`. */
  const echo = (generation: number) =>
    target(
      generation,
      (request) => {
        const upgraded = listenerRef.current?.abilities.upgrade(request, { data: { user: "ada" } });
        return upgraded ? undefined : new Response("no upgrade", { status: 400 });
      },
      {
        message: (ws, message) =>
          ws.send(`generation ${generation}: ${message} (${(ws.data as { user: string }).user})`),
      },
    );
  const listenerRef: { current?: Awaited<ReturnType<typeof openListener>> } = {};

  async function connect(url: string) {
    const ws = new WebSocket(url.replace("http", "ws"));
    const received: string[] = [];
    let closed: { code: number; reason: string } | undefined;
    ws.onmessage = (event) => received.push(String(event.data));
    ws.onclose = (event) => {
      closed = { code: event.code, reason: event.reason };
    };
    await new Promise((resolve, reject) => {
      ws.onopen = resolve;
      ws.onerror = reject;
    });
    return { ws, received, closed: () => closed };
  }

  test("stay open across switches; each message reaches the generation serving then", async () => {
    const listener = await openListener();
    listenerRef.current = listener;
    listener.serve(echo(1));
    const client = await connect(urlOf(listener));
    expect(listener.stats().webSockets).toBe(1);
    client.ws.send("one");
    await until("answer 1", () => client.received.length === 1);
    listener.serve(echo(2));
    client.ws.send("two");
    await until("answer 2", () => client.received.length === 2);
    listener.hold(5000);
    client.ws.send("three");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.received).toHaveLength(2);
    listener.serve(echo(3));
    await until("answer 3", () => client.received.length === 3);
    expect(client.received).toEqual([
      "generation 1: one (ada)",
      "generation 2: two (ada)",
      "generation 3: three (ada)",
    ]);
    expect(client.closed()).toBeUndefined();
  });

  test("a WebSocket handler that throws or rejects is reported, and the socket stays open", async () => {
    const errors: string[] = [];
    const listener = await openListener({ onError: (e) => errors.push((e as Error).message) });
    listenerRef.current = listener;
    const failing = echo(1);
    listener.serve({
      ...failing,
      websocket: {
        message: (_ws, message) => {
          if (message === "throw") throw new Error("sync");
          return Promise.reject(new Error("async"));
        },
      },
    });
    const client = await connect(urlOf(listener));
    client.ws.send("throw");
    client.ws.send("reject");
    await until("both reported", () => errors.length === 2);
    expect(errors).toEqual(["sync", "async"]);
    expect(client.closed()).toBeUndefined();
  });

  test("are closed with 1013 when no generation will serve, and 1001 when the listener closes", async () => {
    const listener = await openListener();
    listenerRef.current = listener;
    listener.serve(echo(1));
    const first = await connect(urlOf(listener));
    listener.unavailable("failed");
    await until("closed", () => first.closed() !== undefined);
    expect(first.closed()).toEqual({ code: 1013, reason: "web is failed" });
    listener.serve(echo(2));
    const second = await connect(urlOf(listener));
    await listener.close();
    await until("closed", () => second.closed() !== undefined);
    expect(second.closed()?.code).toBe(1001);
  });
});

describe("the listener's address", () => {
  test("a Unix socket serves too", async () => {
    const dir = await realpath(await mkdtemp(join(tmpdir(), "hotplug-listener-")));
    try {
      const unix = join(dir, "web.sock");
      const listener = await openListener({ address: { unix } });
      listener.serve(target(1));
      expect(listener.address).toEqual({ unix });
      const response = await fetch("http://localhost/u", { unix });
      expect(await response.text()).toBe("generation 1: /u");
      expect(listener.stats().address).toBe(`unix:${unix}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("move() serves at the new address and frees the old one", async () => {
    const listener = await openListener();
    listener.serve(target(1));
    const before = urlOf(listener);
    await listener.move({ port: 0, hostname: "127.0.0.1" });
    expect((await get(listener)).text).toBe("generation 1: /");
    expect(await fetch(before).catch((e) => e.code)).toBe("ECONNREFUSED");
  });

  test("close() frees the address; the listener then refuses to be driven", async () => {
    const listener = await openListener();
    listener.serve(target(1));
    await listener.close();
    await listener.close();
    expect(await fetch(urlOf(listener)).catch((e) => e.code)).toBe("ECONNREFUSED");
    expect(() => listener.serve(target(2))).toThrow("Cannot serve: the listener of web is closed");
    expect(listener.stats().mode).toBe("closed");
  });
});
