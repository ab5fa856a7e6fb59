// A worker plugin that calls process.exit() from a timer, through the real CLI on Bun, Deno and
// Node: the plugin fails in its runtime phase with the exit code, the host keeps running, the
// next save starts it again, and no stop() is sent to the worker that is gone.
// Deno's web Worker tells the host nothing when one exits: the bootstrap says so instead.
import { describe, expect, test } from "bun:test";
import { writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { REAL_RUNTIMES } from "../runtime/runtime-binaries.ts";
import { CliProcess, useCliPluginsDir } from "../support/cli-process.ts";
import { useRuntimeClis } from "../support/runtime-cli.ts";

const clis = useRuntimeClis();

const t = useCliPluginsDir();

// JavaScript, so Node 20 (no type stripping) runs the same plugin.
const exiting = (text: string, exit: string) => `export default {
  setup(ctx) {
    ctx.log.info("MARK ${text}");
    return {};
  },
  start() {
    ${exit}
  },
};
`;

/** How the plugin's code ends its worker, the code it ends with, and where it can. */
const ENDINGS = [
  { how: "process.exit(3)", code: 3, runtimes: REAL_RUNTIMES },
  // A web worker's own way out, where the worker has one (Bun's and Node's have none).
  { how: "self.close()", code: 0, runtimes: REAL_RUNTIMES.filter((r) => r === "deno") },
];

describe("a worker plugin that ends its worker from a timer is noticed on every runtime", () => {
  for (const { how, code, runtimes } of ENDINGS) {
    for (const runtime of runtimes) {
      const binary = clis.binaries.get(runtime);
      test.skipIf(!binary)(
        `${runtime}: ${how}`,
        async () => {
          await writeFile(join(dirname(t.dir.root), "package.json"), '{ "type": "module" }');
          await t.dir.plugin({
            name: "crasher",
            manifest: { entry: "index.js", isolation: "worker" },
            files: { "index.js": exiting("v1", `setTimeout(() => ${how}, 100);`) },
          });
          const args = ["dev", t.dir.root, "--json", "--debounce", "20", "--timeout", "2000"];
          const cli = new CliProcess(clis.command(runtime, binary as string, args));
          await cli.waitFor((e) => e.type === "host:ready", { timeoutMs: 30_000 });
          const failed = await cli.waitFor((e) => e.type === "plugin:failed");
          expect(failed).toMatchObject({
            plugin: "crasher",
            phase: "runtime",
            runningGeneration: null,
          });
          expect(failed.message as string).toContain(`exited with code ${code}`);

          const mark = cli.mark;
          await t.dir.write("crasher/index.js", exiting("v2", ""));
          await cli.waitFor((e) => e.type === "plugin:started" && e.plugin === "crasher", {
            from: mark,
            timeoutMs: 15_000,
          });
          await cli.waitForStderr("MARK v2");
          expect(await cli.stop("SIGINT")).toBe(0);
          // No stop() was sent to the gone worker: it would have timed out, a failure of its own.
          expect(cli.events.filter((e) => e.type === "plugin:failed")).toHaveLength(1);
        },
        60_000,
      );
    }
  }
});
