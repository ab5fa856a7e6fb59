import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  childCommand,
  REAL_RUNTIMES,
  runToEnd,
  runtimeBinary,
} from "../runtime/runtime-binaries.ts";
import { where } from "./leftovers-fixture.ts";

const CHILD = join(import.meta.dir, "children", "record-on-runtime.ts");

// Forgets an interval, a process listener, a node:http server and the runtime's own server.
const SOURCE = `import { createServer } from "node:http";
const tick = () => {};
export default {
  setup() {
    setInterval(tick, 5);
    process.on("hotplug-ping", tick);
    createServer(() => {}).listen(0, "127.0.0.1");
    globalThis.Bun?.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("up") });
    globalThis.Deno?.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, () => new Response("up"));
  },
};
`;

let base: string;
beforeAll(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), "hotplug-leftovers-runtimes-")));
  await writeFile(join(base, "package.json"), '{ "type": "module" }');
});
afterAll(() => rm(base, { recursive: true, force: true }));

describe("the same report on every runtime, and clear leaves nothing holding the process", () => {
  for (const runtime of REAL_RUNTIMES) {
    const binary = runtimeBinary(runtime);
    test.skipIf(!binary)(
      runtime,
      async () => {
        const dir = join(base, runtime, "forgetful");
        await mkdir(dir, { recursive: true });
        const entry = join(dir, "index.js");
        await writeFile(entry, SOURCE);
        const command = await childCommand(runtime, binary as string, CHILD, join(base, "node"), [
          entry,
        ]);
        // It exits by itself only if the interval and the servers were cleared.
        const { code, stdout, stderr } = await runToEnd(command);
        expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
        const report = JSON.parse(stdout) as {
          groups: { kind: string; places: { file: string; line: number; what?: string }[] }[];
        };
        const lines = report.groups.map((group) => [
          group.kind,
          group.places.map((place) => [place.file, place.line]),
        ]);
        const line = (text: string) => [entry, where(SOURCE, text).line];
        const servers = [
          line("createServer("),
          line(runtime === "deno" ? "Deno?.serve" : "Bun?.serve"),
        ];
        expect(lines).toEqual([
          ["interval", [line("setInterval(")]],
          ["process-listener", [line("process.on(")]],
          ["server", runtime === "node" ? [line("createServer(")] : servers],
        ]);
      },
      30_000,
    );
  }
});
