import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  childCommand,
  REAL_RUNTIMES,
  type RealRuntime,
  runToEnd,
  runtimeBinary,
} from "./runtime-binaries.ts";

const CHILD = join(import.meta.dir, "children", "serve-smoke.ts");
let base: string;
beforeAll(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), "hotplug-serve-runtimes-")));
  await writeFile(join(base, "package.json"), '{ "type": "module" }');
});
afterAll(() => rm(base, { recursive: true, force: true }));

const WEBSOCKET: Record<RealRuntime, string> = {
  bun: "hi (ada)",
  deno: "hi (ada)",
  node: "refused: WEBSOCKET_UNSUPPORTED",
};

describe("Runtime.serve answers requests with Web Request and Response", () => {
  for (const runtime of REAL_RUNTIMES) {
    const binary = runtimeBinary(runtime);
    test.skipIf(!binary)(
      runtime,
      async () => {
        const command = await childCommand(runtime, binary as string, CHILD, base, []);
        const { stdout, stderr, code } = await runToEnd(command);
        expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
        expect(JSON.parse(stdout)).toEqual({
          runtime,
          get: "GET /hello",
          echo: "streamed body",
          ip: "127.0.0.1",
          ws: WEBSOCKET[runtime],
          afterClose: "refused",
        });
      },
      20_000,
    );
  }
});
