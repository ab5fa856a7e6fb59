import { afterAll, beforeAll } from "bun:test";
import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildNode } from "../../scripts/build-node.ts";
import { REAL_RUNTIMES, type RealRuntime, runtimeBinary } from "../runtime/runtime-binaries.ts";
import { CLI } from "./cli-process.ts";

/**
 * The real CLI on each runtime: Bun and Deno run src/cli.ts; Node runs a private bundle built
 * once for the file (not dist/node: a concurrent build there would race the test). Call at
 * the top of a test file.
 */
export function useRuntimeClis() {
  const binaries = new Map(REAL_RUNTIMES.map((runtime) => [runtime, runtimeBinary(runtime)]));
  let nodeCli: string | undefined;
  let buildDir: string | undefined;
  beforeAll(async () => {
    if (!binaries.get("node")) return;
    buildDir = await realpath(await mkdtemp(join(tmpdir(), "hotplug-node-build-")));
    const built = await buildNode(buildDir);
    nodeCli = built.file;
    console.info(`node bundle built in ${built.ms} ms`);
  });
  afterAll(async () => {
    if (buildDir) await rm(buildDir, { recursive: true, force: true });
  });
  return {
    binaries,
    /** The command line that runs `hotplug <args>` on `runtime`. */
    command(runtime: RealRuntime, binary: string, args: string[]): string[] {
      if (runtime === "bun") return [binary, CLI, ...args];
      if (runtime === "deno") return [binary, "run", "-A", CLI, ...args];
      return [binary, nodeCli as string, ...args];
    },
  };
}
