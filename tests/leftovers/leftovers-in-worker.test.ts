import { afterEach, expect, test } from "bun:test";
import type { LeftoverReport } from "../../src/leftovers/leftover-report.ts";
import { createBunRuntime } from "../../src/runtime/bun-runtime.ts";
import type { WorkerEndpoint } from "../../src/runtime/worker-endpoint.ts";
import { PluginsDir } from "../support/plugin-fixture.ts";
import { where } from "./leftovers-fixture.ts";

const SOURCE = `export default {
  setup() {
    setInterval(() => {}, 5);
    process.on("hotplug-ping", () => {});
    Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("up") });
  },
};
`;

let dir: PluginsDir | undefined;
let worker: WorkerEndpoint | undefined;
afterEach(async () => {
  await worker?.terminate();
  await dir?.dispose();
});

test("inside a real Worker the same report comes out, as plain data", async () => {
  dir = await PluginsDir.create();
  const entry = await dir.write("forgetful/index.ts", SOURCE);
  const runtime = createBunRuntime();
  worker = runtime.spawnWorker(
    new URL("./children/record-in-worker.ts", import.meta.url),
    "leftovers",
  );
  const report = new Promise<LeftoverReport>((resolve, reject) => {
    const deadline = setTimeout(
      () => reject(new Error("no report from the worker in 10 s")),
      10_000,
    );
    worker?.onMessage((message) => {
      clearTimeout(deadline);
      resolve(message as LeftoverReport);
    });
    worker?.onExit(reject);
  });
  worker.post({ name: "forgetful", entry });
  const place = (text: string) => ({ file: entry, ...where(SOURCE, text) });
  const received = await report;
  expect(received).toEqual({
    plugin: "forgetful",
    generation: 7,
    mode: "clear",
    groups: [
      { kind: "interval", count: 1, places: [{ ...place("setInterval("), count: 1 }] },
      {
        kind: "process-listener",
        count: 1,
        places: [{ ...place('on("hotplug-ping"'), what: '"hotplug-ping"', count: 1 }],
      },
      {
        kind: "server",
        count: 1,
        places: [
          {
            ...place("serve({"),
            what: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/$/),
            count: 1,
          },
        ],
      },
    ],
  });
  // Plain data: it survives a structured clone and JSON unchanged.
  expect(JSON.parse(JSON.stringify(received))).toEqual(structuredClone(received));
});
