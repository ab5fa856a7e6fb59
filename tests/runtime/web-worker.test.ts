// The web Worker endpoint on Bun, with the exit notice Deno's bootstrap posts (Deno's Worker
// reports no exit itself): it ends the worker for the host and is not passed on as a message.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { webWorker } from "../../src/runtime/web-worker.ts";
import { exitMessage } from "../../src/runtime/worker-endpoint.ts";
import { until } from "../support/until.ts";

/** Echoes messages; "exit" posts the exit notice the Deno bootstrap sends, then exits. */
const WORKER = `self.addEventListener("message", (event) => {
  if (event.data === "exit") {
    self.postMessage(${JSON.stringify(exitMessage(3))});
    setTimeout(() => process.exit(3), 20);
  } else self.postMessage({ echo: event.data });
});
`;

let dir: string;
let url: URL;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hotplug-web-worker-"));
  await writeFile(join(dir, "worker.mjs"), WORKER);
  url = pathToFileURL(join(dir, "worker.mjs"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

test("an exit notice ends the worker once, with its code, and is no message", async () => {
  const endpoint = webWorker(url, "test worker");
  const messages: unknown[] = [];
  const exits: Error[] = [];
  endpoint.onMessage((message) => messages.push(message));
  endpoint.onExit((error) => exits.push(error));
  endpoint.post("ready");
  await until("the echo", () => messages.length === 1);
  endpoint.post("exit");
  await until("the exit", () => exits.length > 0);
  expect(exits.map((e) => e.message)).toEqual(["the worker exited with code 3"]);
  expect(messages).toEqual([{ echo: "ready" }]);
  await endpoint.terminate();
});
