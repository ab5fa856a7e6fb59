import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REAL_RUNTIMES, type RealRuntime, runToEnd, runtimeBinary } from "./runtime-binaries.ts";

const CHILD = join(import.meta.dir, "children", "serve-smoke.ts");
let base: string;
beforeAll(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), "hotplug-serve-runtimes-")));
  await writeFile(join(base, "package.json"), '{ "type": "module" }');
});
afterAll(() => rm(base, { recursive: true, force: true }));

/** The child's command on `runtime`: Node runs a bundle of it (Node 20 strips no types). */
async function command(runtime: RealRuntime, binary: string) {
  if (runtime === "bun") return [binary, CHILD];
  if (runtime === "deno") return [binary, "run", "-A", CHILD];
  const built = await Bun.build({ entrypoints: [CHILD], target: "node", outdir: base });
  if (!built.success) throw new AggregateError(built.logs, "Cannot bundle the child for node");
  return [binary, join(base, "serve-smoke.js")];
}

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
        const { stdout, stderr, code } = await runToEnd(await command(runtime, binary as string));
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
