// The real CLI on Bun, Deno and Node: start, edit a plugin, edit its helper, SIGINT. A runtime
// is skipped only when its binary is missing (CI installs all three).
import { afterEach, describe, expect, test } from "bun:test";
import { writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { REAL_RUNTIMES, type RealRuntime } from "../runtime/runtime-binaries.ts";
import { CliProcess, killLeftovers } from "../support/cli-process.ts";
import { PluginsDir } from "../support/plugin-fixture.ts";
import { useRuntimeClis } from "../support/runtime-cli.ts";

const clis = useRuntimeClis();
const { binaries } = clis;

let dir: PluginsDir | undefined;
afterEach(async () => {
  await killLeftovers();
  await dir?.dispose();
  dir = undefined;
});

const ARGS = ["--json", "--debounce", "20"];

/** Whether this node runs .ts files (22.18+, 23.6+: `process.features.typescript`). */
const nodeStripsTypes = (binary: string) => {
  const probe = Bun.spawnSync([binary, "-p", "Boolean(process.features.typescript)"], {
    timeout: 10_000,
  });
  return probe.stdout.toString().trim() === "true";
};
const command = (runtime: RealRuntime, binary: string, root: string, extra: string[] = []) =>
  clis.command(runtime, binary, ["dev", root, ...ARGS, ...extra]);

/** The entry logs which code of itself and of its helper ran: the proof of a reload. */
const entry = (ext: string, text: string) =>
  `import { word } from "./helper.${ext}";
export default {
  setup(ctx) {
    ctx.log.info("MARK entry=${text} helper=" + word + " gen=" + ctx.generation);
    return { word };
  },
};
`;
/**
 * Waits, after the exit, for `type` among the parsed lines: the exit can be seen before the
 * last of stdout is read (CliProcess.waitFor gives up once the process has exited).
 */
async function drained(cli: CliProcess, type: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cli.events.some((e) => e.type === type)) {
    if (Date.now() > deadline) {
      throw new Error(
        `no ${type} within ${timeoutMs} ms of the exit:\n${cli.stdoutLines.join("\n")}`,
      );
    }
    await Bun.sleep(5);
  }
}

const helper = (word: string) => `export const word = ${JSON.stringify(word)};\n`;

describe("hotplug dev hot-reloads plugins and their helpers on every runtime", () => {
  for (const [runtime, isolation] of REAL_RUNTIMES.flatMap((r) =>
    (["none", "worker"] as const).map((i) => [r, i] as const),
  )) {
    const binary = binaries.get(runtime);
    test.skipIf(!binary)(
      `${runtime}, isolation ${isolation}`,
      async () => {
        // TypeScript plugins, except on a Node that strips no types (Node 20): JavaScript there.
        const ext = runtime !== "node" || nodeStripsTypes(binary as string) ? "ts" : "js";
        dir = await PluginsDir.create();
        // Node before 20.19 reads .js as CommonJS without a `type: module` package.json.
        await writeFile(join(dirname(dir.root), "package.json"), '{ "type": "module" }');
        await dir.plugin({
          name: "greeter",
          manifest: { entry: `index.${ext}` },
          files: { [`index.${ext}`]: entry(ext, "A"), [`helper.${ext}`]: helper("one") },
        });
        const cli = new CliProcess(
          command(runtime, binary as string, dir.root, ["--isolation", isolation]),
        );

        const ready = await cli.waitFor((e) => e.type === "host:ready", { timeoutMs: 30_000 });
        expect(ready.plugins).toEqual(["greeter"]);
        expect(cli.events.find((e) => e.type === "plugin:started")?.isolation).toBe(isolation);
        await cli.waitForStderr("MARK entry=A helper=one gen=1");

        // Markers name no generation: a save can reach the watcher as two events.
        let mark = cli.mark;
        await dir.write(`greeter/index.${ext}`, entry(ext, "B"));
        await cli.waitForStderr("MARK entry=B helper=one", 15_000);
        const reloaded = await cli.waitFor((e) => e.type === "plugin:reloaded", { from: mark });
        expect(reloaded).toMatchObject({ plugin: "greeter", cause: "change" });
        expect(reloaded.generation).toBeGreaterThanOrEqual(2);

        mark = cli.mark;
        await dir.write(`greeter/helper.${ext}`, helper("two"));
        await cli.waitForStderr("MARK entry=B helper=two", 15_000);
        const helped = await cli.waitFor(
          (e) => e.type === "plugin:reloaded" && String(e.files).endsWith(`helper.${ext}`),
          { from: mark },
        );
        expect(helped.generation).toBeGreaterThan(reloaded.generation as number);

        expect(await cli.stop("SIGINT")).toBe(0);
        await drained(cli, "host:stopped");
        expect(cli.events.filter((e) => e.type === "host:stopped")).toHaveLength(1);
        expect(cli.events.filter((e) => e.type === "<not JSON>")).toEqual([]);
      },
      60_000,
    );
  }
});

/**
 * Deno 2.9's Worker.terminate() does not stop a thread stuck in a synchronous loop (an open
 * bug, denoland/deno#35657): there only a hook that never settles is ended. Bun and Node end
 * both.
 */
describe("a worker plugin's hook past --timeout is ended by terminating its worker", () => {
  for (const runtime of REAL_RUNTIMES) {
    const binary = binaries.get(runtime);
    const runaway = runtime === "deno" ? "await new Promise(() => {});" : "for (;;) {}";
    test.skipIf(!binary)(
      `${runtime}: ${runaway}`,
      async () => {
        dir = await PluginsDir.create();
        await writeFile(join(dirname(dir.root), "package.json"), '{ "type": "module" }');
        const source = (body: string) =>
          `export default { async setup(ctx) { ctx.log.info("MARK gen=" + ctx.generation); ${body} return {}; } };`;
        await dir.plugin({
          name: "runner",
          manifest: { entry: "index.js", isolation: "worker" },
          files: { "index.js": source("") },
        });
        const cli = new CliProcess(
          command(runtime, binary as string, dir.root, ["--timeout", "500"]),
        );
        await cli.waitFor((e) => e.type === "host:ready", { timeoutMs: 30_000 });
        const mark = cli.mark;
        await dir.write("runner/index.js", source(runaway));
        const failed = await cli.waitFor((e) => e.type === "plugin:failed", {
          from: mark,
          timeoutMs: 15_000,
        });
        expect(failed).toMatchObject({
          plugin: "runner",
          phase: "setup",
          timedOut: true,
          rolledBack: true,
        });
        expect(await cli.stop("SIGINT")).toBe(0);
      },
      60_000,
    );
  }
});
