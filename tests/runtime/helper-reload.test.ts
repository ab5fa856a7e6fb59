import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REAL_RUNTIMES, type RealRuntime, runToEnd, runtimeBinary } from "./runtime-binaries.ts";

const CHILD = join(import.meta.dir, "children", "reload-helpers.ts");
let base: string;
beforeAll(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), "hotplug-helper-reload-")));
  // Node 20 before 20.19 reads .js as CommonJS without this.
  await writeFile(join(base, "package.json"), '{ "type": "module" }');
});
afterAll(() => rm(base, { recursive: true, force: true }));

/** The child's command on `runtime`: Node runs a bundle of it (Node 20 strips no types). */
async function command(runtime: RealRuntime, binary: string, dir: string, ext: string) {
  if (runtime === "bun") return [binary, CHILD, dir, ext];
  if (runtime === "deno") return [binary, "run", "-A", CHILD, dir, ext];
  const built = await Bun.build({
    entrypoints: [CHILD],
    target: "node",
    outdir: join(base, "node"),
  });
  if (!built.success) throw new AggregateError(built.logs, "Cannot bundle the child for node");
  return [binary, join(base, "node", "reload-helpers.js"), dir, ext];
}

describe("an edited helper (and what it imports) runs its new code on the next import", () => {
  for (const runtime of REAL_RUNTIMES) {
    const binary = runtimeBinary(runtime);
    test.skipIf(!binary)(
      runtime,
      async () => {
        const dir = join(base, runtime);
        await mkdir(join(dir, "p"), { recursive: true });
        await mkdir(join(dir, "shared"), { recursive: true });
        const ext = runtime === "node" ? "js" : "ts";
        const { stdout, stderr, code } = await runToEnd(
          await command(runtime, binary as string, dir, ext),
        );
        expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
        const report = JSON.parse(stdout);
        expect(report.runtime).toBe(runtime);
        expect(report.seen).toEqual(["one/one", "two/two", "three/three"]);
        expect(report.files).toEqual(
          ["p/index", "p/helper", "shared/deep"].map((file) => join(dir, `${file}.${ext}`)),
        );
      },
      20_000,
    );
  }
});
