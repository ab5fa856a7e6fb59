import { describe, expect, test } from "bun:test";
import { PulledBody, sendNext } from "../../src/serve/pulled-body.ts";
import { trackBody } from "../../src/serve/tracked-body.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const stream = (...chunks: string[]) =>
  new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.shift();
      if (next === undefined) controller.close();
      else controller.enqueue(bytes(next));
    },
  });

describe("a body pulled across a boundary (PulledBody, sendNext)", () => {
  test("each read asks for one chunk; the sender's chunks and end arrive in order", async () => {
    const source = stream("a", "b").getReader() as ReadableStreamDefaultReader<Uint8Array>;
    let asked = 0;
    const body: PulledBody = new PulledBody(
      () => {
        asked++;
        void sendNext(source, {
          chunk: (chunk) => body.chunk(chunk),
          end: () => body.end(),
          fail: (error) => body.fail(error as Error),
        });
      },
      () => {},
    );
    expect(await new Response(body.stream).text()).toBe("ab");
    expect(asked).toBe(3); // a, b, then the end
  });

  test("a sender whose source fails fails the reader with the error", async () => {
    const broken = new ReadableStream<Uint8Array>({
      pull() {
        throw new Error("the disk went away");
      },
    }).getReader() as ReadableStreamDefaultReader<Uint8Array>;
    const body: PulledBody = new PulledBody(
      () =>
        void sendNext(broken, {
          chunk: (chunk) => body.chunk(chunk),
          end: () => body.end(),
          fail: (error) => body.fail(error as Error),
        }),
      () => {},
    );
    await expect(new Response(body.stream).text()).rejects.toThrow("the disk went away");
  });

  test("a reader that gives up tells the sender, and later chunks are dropped", async () => {
    let cancelled = 0;
    const body = new PulledBody(
      () => {},
      () => cancelled++,
    );
    await body.stream.cancel("client left");
    body.chunk(bytes("late"));
    body.end();
    body.fail(new Error("late too"));
    expect(cancelled).toBe(1);
  });
});

describe("a response whose end the listener hears of (trackBody)", () => {
  test("ends once, when its body has been read to the end", async () => {
    let ended = 0;
    const tracked = trackBody(new Response(stream("x", "y")), () => ended++);
    expect(ended).toBe(0);
    expect(await tracked.response.text()).toBe("xy");
    tracked.cut();
    expect(ended).toBe(1);
  });

  test("ends when the client leaves (the runtime cancels the body)", async () => {
    let ended = 0;
    const tracked = trackBody(new Response(stream("x", "y", "z")), () => ended++);
    const reader = tracked.response.body?.getReader();
    await reader?.read();
    await reader?.cancel("gone");
    expect(ended).toBe(1);
  });

  test("cut() ends a body still streaming: its reader gets an error", async () => {
    let ended = 0;
    const endless = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) });
    const tracked = trackBody(new Response(endless), () => ended++);
    const reading = tracked.response.text();
    tracked.cut();
    await expect(reading).rejects.toThrow("the response outlived its generation's drain");
    expect(ended).toBe(1);
  });

  test("a body that fails ends too; a response without a body ends at once", async () => {
    let ended = 0;
    const failing = new ReadableStream<Uint8Array>({
      pull() {
        throw new Error("broken body");
      },
    });
    const tracked = trackBody(new Response(failing), () => ended++);
    await expect(tracked.response.text()).rejects.toThrow("broken body");
    trackBody(new Response(null, { status: 204 }), () => ended++).cut();
    expect(ended).toBe(2);
  });
});
