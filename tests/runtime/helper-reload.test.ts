import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { childCommand, REAL_RUNTIMES, runToEnd, runtimeBinary } from "./runtime-binaries.ts";

const CHILD = join(import.meta.dir, "children", "reload-helpers.ts");
let base: string;
beforeAll(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), "hotplug-helper-reload-")));
  // Node 20 before 20.19 reads .js as CommonJS without this.
  await writeFile(join(base, "package.json"), '{ "type": "module" }');
});
afterAll(() => rm(base, { recursive: true, force: true }));

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
        const command = await childCommand(runtime, binary as string, CHILD, join(base, "node"), [
          dir,
          ext,
        ]);
        const { stdout, stderr, code } = await runToEnd(command);
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
