import { afterEach, describe, expect, test } from "bun:test";
import { MessageChannel, type MessagePort } from "node:worker_threads";
import { Peer, type Port } from "../../../src/runner/worker/peer.ts";
import type { WorkerEvent } from "../../../src/runner/worker/protocol.ts";
import { fromWire } from "../../../src/runner/worker/wire-error.ts";

type Ask = { readonly kind: string; readonly value?: unknown };
/** One request, `ask`, for these tests: what it asks is in its input. */
interface Asking {
  ask(input: Ask): unknown;
}

const portOf = (port: MessagePort): Port => ({
  post: (message) => port.postMessage(message),
  onMessage: (listener) => port.on("message", listener),
});

let open: MessagePort[] = [];
afterEach(() => {
  for (const port of open) port.close();
  open = [];
});

/** Two peers over a real MessageChannel: `host` asks, `worker` answers with `handle`. */
function connect(handle: (request: Ask) => unknown) {
  const { port1, port2 } = new MessageChannel();
  open.push(port1, port2);
  const events: WorkerEvent[] = [];
  const toError = (error: Parameters<typeof fromWire>[0]) => fromWire(error, "greeter");
  const describe = (_method: string, input: unknown, part: "input" | "reply") =>
    `the ${part === "input" ? "arguments" : "result"} of greeter.${(input as Ask).kind}()`;
  const host = new Peer<Asking, Asking>({
    port: portOf(port1),
    handlers: { ask: () => undefined },
    onEvent: (e) => events.push(e),
    errorOf: toError,
    owner: () => "announcer",
    describe,
  });
  const worker = new Peer<Asking, Asking>({
    port: portOf(port2),
    handlers: { ask: handle },
    errorOf: toError,
    owner: () => "greeter",
    describe,
  });
  return { host, worker, events };
}

describe("Peer", () => {
  test("a request gets the other side's answer, async answers and several at once too", async () => {
    const { host } = connect(async (request) => {
      await new Promise((resolve) => setTimeout(resolve, request.value === 1 ? 5 : 0));
      return { echo: request.value, at: new Date(0) };
    });
    const [first, second] = await Promise.all([
      host.request("ask", { kind: "echo", value: 1 }),
      host.request("ask", { kind: "echo", value: 2 }),
    ]);
    expect(first).toEqual({ echo: 1, at: new Date(0) });
    expect(second).toEqual({ echo: 2, at: new Date(0) });
  });

  test("a handler that throws reaches the caller as an Error with its message", async () => {
    const { host } = connect((request) => {
      throw new RangeError(`cannot ${request.kind}`);
    });
    const error = await host.request("ask", { kind: "fly" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: "RangeError", message: "cannot fly" });
  });

  test("a reply that cannot be cloned becomes an error naming what could not cross", async () => {
    const { host } = connect(() => ({ rows: [1], onRow: () => {} }));
    await expect(host.request("ask", { kind: "query" })).rejects.toThrow(
      "greeter: Cannot send the result of greeter.query() across the worker boundary: a function (at .onRow) cannot be structured-cloned",
    );
  });

  test("an error that carries something uncloneable still reaches the caller", async () => {
    // A thrown error crosses as its facts (name, message, stack, ...), not as itself.
    const { host } = connect(() => {
      throw Object.assign(new Error("with a callback"), { retry: () => {} });
    });
    await expect(host.request("ask", { kind: "x" })).rejects.toThrow("with a callback");
  });

  test("a request that cannot be cloned is refused at once, naming what could not cross", async () => {
    const asked: Ask[] = [];
    const { host } = connect((request) => {
      asked.push(request);
      return "done";
    });
    await expect(host.request("ask", { kind: "call", value: [new WeakMap()] })).rejects.toThrow(
      "announcer: Cannot send the arguments of greeter.call() across the worker boundary: a WeakMap (at .value[0]) cannot be structured-cloned",
    );
    // The peer still works.
    expect(await host.request("ask", { kind: "ok" })).toBe("done");
    expect(asked).toEqual([{ kind: "ok" }]);
  });

  test("an event reaches the other side's onEvent, in order", async () => {
    const { host, worker, events } = connect(() => "pong");
    worker.event({ kind: "log", level: "info", args: ["one"] });
    worker.event({ kind: "log", level: "warn", args: ["two"] });
    // Messages on one channel arrive in order: once the reply is here, so are the events.
    await host.request("ask", { kind: "ping" });
    expect(events).toEqual([
      { kind: "log", level: "info", args: ["one"] },
      { kind: "log", level: "warn", args: ["two"] },
    ]);
  });

  test("close() fails the open requests and every later one; a late reply is ignored", async () => {
    let answer: ((value: unknown) => void) | undefined;
    const { host, worker, events } = connect(() => new Promise((resolve) => (answer = resolve)));
    const open = host.request("ask", { kind: "slow" });
    await waitUntil(() => answer !== undefined);
    const gone = new Error("greeter's worker was terminated");
    host.close(gone);
    await expect(open).rejects.toBe(gone);
    await expect(host.request("ask", { kind: "later" })).rejects.toBe(gone);
    host.close(new Error("a second close"));
    await expect(host.request("ask", { kind: "later" })).rejects.toBe(gone);
    answer?.("too late");
    await new Promise((resolve) => setImmediate(resolve));
    // Messages arrive in order: once this event is here, the late reply came and was dropped.
    worker.event({ kind: "log", level: "info", args: ["after the reply"] });
    await waitUntil(() => events.length > 0);
    // A closed peer sends no events.
    worker.close(gone);
    worker.event({ kind: "log", level: "info", args: ["after close"] });
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual([{ kind: "log", level: "info", args: ["after the reply"] }]);
  });
});

/** Polls `condition` every turn of the event loop, up to a deadline. */
async function waitUntil(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setImmediate(resolve));
  }
}
