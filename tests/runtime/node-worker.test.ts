// Bun implements node:worker_threads, so the Node endpoint is tested here as Node would use it.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { nodeWorker } from "../../src/runtime/node-worker.ts";

/** Echoes messages; "exit" exits with code 3 and "throw" throws, each from a timer. */
const WORKER = `import { parentPort } from "node:worker_threads";
parentPort.on("message", (message) => {
  if (message === "exit") setTimeout(() => process.exit(3));
  else if (message === "throw") setTimeout(() => { throw new Error("lost the socket"); });
  else parentPort.postMessage({ echo: message });
});
`;

let dir: string;
let url: URL;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hotplug-node-worker-"));
  await writeFile(join(dir, "worker.mjs"), WORKER);
  url = pathToFileURL(join(dir, "worker.mjs"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A worker whose messages and exits the test can wait for. Each test ends it. */
function start() {
  const endpoint = nodeWorker(url, "test worker");
  const messages: unknown[] = [];
  const exits: Error[] = [];
  endpoint.onMessage((message) => messages.push(message));
  endpoint.onExit((error) => exits.push(error));
  return { endpoint, messages, exits };
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("not within the deadline");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A round trip: once its echo is back, everything the worker did before it has arrived. */
async function roundTrip(worker: ReturnType<typeof start>, text: string): Promise<void> {
  worker.endpoint.post(text);
  await until(() => worker.messages.some((m) => (m as { echo?: string }).echo === text));
}

describe("nodeWorker", () => {
  test("messages go both ways, structured-cloned", async () => {
    const worker = start();
    worker.endpoint.post({ n: 1, at: new Date(0) });
    await until(() => worker.messages.length === 1);
    expect(worker.messages).toEqual([{ echo: { n: 1, at: new Date(0) } }]);
    await worker.endpoint.terminate();
  });

  test("a process.exit(3) in the worker is reported once, with its code", async () => {
    const worker = start();
    await roundTrip(worker, "ready");
    worker.endpoint.post("exit");
    await until(() => worker.exits.length > 0);
    expect(worker.exits.map((e) => e.message)).toEqual(["the worker exited with code 3"]);
  });

  test("an uncaught error in the worker is reported once, as itself", async () => {
    const worker = start();
    await roundTrip(worker, "ready");
    worker.endpoint.post("throw");
    await until(() => worker.exits.length > 0);
    // The exit that follows the error is not a second report.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(worker.exits).toHaveLength(1);
    expect(worker.exits[0]).toBeInstanceOf(Error);
    expect(worker.exits[0]?.message).toBe("lost the socket");
  });

  test("terminate() ends the worker and reports nothing", async () => {
    const worker = start();
    await roundTrip(worker, "ready");
    // terminate() resolves once the worker's `exit` has been emitted: a report would be here.
    await worker.endpoint.terminate();
    expect(worker.exits).toEqual([]);
  });
});
