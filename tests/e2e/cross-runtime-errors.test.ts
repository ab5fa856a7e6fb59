// The errors a developer acts on, from the real CLI on Bun, Deno and Node: a syntax error in a
// helper, a throw from a helper setup() calls, a throw from a timer. Each names the plugin's
// file and line (relative to the plugins folder in --json) with a code frame of it, and the
// human log shows the plugin's own frames only. Skipped only where a runtime is missing.
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

const command = (runtime: RealRuntime, binary: string, root: string): string[] =>
  clis.command(runtime, binary, ["dev", root, "--json"]);

// JavaScript, so Node 20 (no type stripping) runs the same plugins.
const plugins = {
  syntax: {
    "index.js":
      'import { word } from "./helper.js";\nexport default { setup: () => ({ word }) };\n',
    "helper.js": "export const word = 1;\nconst broken = ;\n",
  },
  hook: {
    "index.js":
      'import { parse } from "./lib.js";\nexport default {\n  setup() {\n    return { n: parse("x") };\n  },\n};\n',
    "lib.js":
      'export function parse(text) {\n  throw new RangeError("not a number: " + text);\n}\n',
  },
  timer: {
    "index.js":
      'export default {\n  setup() {\n    setTimeout(() => {\n      throw new Error("tick failed");\n    }, 20);\n    return {};\n  },\n};\n',
  },
};

describe("errors point into the plugin's code on every runtime", () => {
  for (const runtime of REAL_RUNTIMES) {
    const binary = binaries.get(runtime);
    test.skipIf(!binary)(
      runtime,
      async () => {
        dir = await PluginsDir.create();
        await writeFile(join(dirname(dir.root), "package.json"), '{ "type": "module" }');
        for (const [name, files] of Object.entries(plugins)) {
          await dir.plugin({ name, manifest: { entry: "index.js" }, files });
        }
        const cli = new CliProcess(command(runtime, binary as string, dir.root));
        await cli.waitFor((e) => e.type === "host:ready", { timeoutMs: 30_000 });
        const failed = (plugin: string) =>
          cli.waitFor((e) => e.type === "plugin:failed" && e.plugin === plugin);

        expect(await failed("syntax")).toMatchObject({
          phase: "import",
          file: "syntax/helper.js",
          line: 2,
          column: 16,
          frame: "2 | const broken = ;\n  |                ^",
        });

        const hook = await failed("hook");
        expect(hook).toMatchObject({ phase: "setup", file: "hook/lib.js", line: 2 });
        expect(hook.message).toBe("hook: setup() failed: not a number: x");
        expect(hook.frame).toStartWith('2 |   throw new RangeError("not a number: " + text);\n  |');

        const timer = await failed("timer");
        expect(timer).toMatchObject({ phase: "runtime", file: "timer/index.js", line: 4 });
        expect(timer.frame).toStartWith('4 |       throw new Error("tick failed");');

        await cli.waitForStderr("tick failed");
        expect(await cli.stop("SIGINT")).toBe(0);
        // The human log: the plugin's frames by path, none of hotplug's or the runtime's.
        const frames = cli.stderr.split("\n").filter((line) => line.trimStart().startsWith("at "));
        expect(frames.length).toBeGreaterThanOrEqual(3);
        for (const frame of frames) expect(frame).toMatch(/\(?(?:\/.*\/)?plugins\/(hook|timer)\//);
        expect(cli.stderr).not.toContain("?v=");
        expect(cli.stderr).not.toContain("hotplug-deno-");
        expect(cli.stderr).not.toMatch(/node:internal|ext:|src\/plugin\//);
      },
      60_000,
    );
  }
});
