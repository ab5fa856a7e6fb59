// Ctrl-C the way a terminal sends it: SIGINT to the whole foreground process group, here
// `bun run dev` (a package.json script, as README's quick start runs it) and the hotplug it
// started. `bun run` passes its own copy on, so hotplug gets two SIGINTs for one key press.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { SAME_PRESS_MS } from "../../src/cli/cli-io.ts";
import { CLI, CliProcess, killLeftovers } from "../support/cli-process.ts";
import { PluginsDir } from "../support/plugin-fixture.ts";

let dir: PluginsDir;
let project: string;
let sentinel: string;
beforeEach(async () => {
  dir = await PluginsDir.create();
  project = dirname(dir.root);
  sentinel = join(project, "stopped.txt");
  await writeFile(
    join(project, "package.json"),
    JSON.stringify({ private: true, scripts: { dev: `bun ${CLI} dev plugins --json` } }),
  );
});
afterEach(async () => {
  await killLeftovers();
  await dir.dispose();
});

/** A plugin whose stop() takes `stopMs` (forever: -1), then appends its name to the sentinel. */
const slowStop = (stopMs: number) => `import { appendFileSync } from "node:fs";
export default {
  setup: () => ({}),
  async stop(ctx) {
    await new Promise((resolve) => ${stopMs < 0 ? "void resolve" : `setTimeout(resolve, ${stopMs})`});
    appendFileSync(${JSON.stringify(sentinel)}, ctx.name + "\\n");
  },
};
`;

async function bunRunDev(): Promise<CliProcess> {
  const dev = new CliProcess(["bun", "run", "dev"], project, { group: true });
  await dev.waitFor((e) => e.type === "host:ready", { timeoutMs: 20_000 });
  return dev;
}

describe("Ctrl-C on `bun run dev` (SIGINT to the process group)", () => {
  test("one press stops the plugins gracefully, dependents first, and exits 0", async () => {
    await dir.plugin({ name: "base", files: { "index.ts": slowStop(150) } });
    await dir.plugin({ name: "app", dependsOn: ["base"], files: { "index.ts": slowStop(150) } });
    // Whether the two copies reach hotplug as one signal or two is a race: a few tries, so
    // that counting them twice cannot pass by luck.
    for (let attempt = 1; attempt <= 3; attempt++) {
      await rm(sentinel, { force: true });
      const dev = await bunRunDev();
      expect(await dev.stop("SIGINT", 20_000)).toBe(0);
      expect(await readFile(sentinel, "utf8")).toBe("app\nbase\n");
      expect(dev.events.at(-1)).toMatchObject({ type: "host:stopped" });
      expect(dev.stderr.match(/stopping \(SIGINT\)/g)).toHaveLength(1);
    }
  }, 60_000);

  test("a second press, later, exits at once (130) while a stop() still hangs", async () => {
    await dir.plugin({ name: "stuck", files: { "index.ts": slowStop(-1) } });
    const dev = await bunRunDev();
    dev.kill("SIGINT");
    await dev.waitForStderr("stopping (SIGINT)");
    // hotplug had the first press before it said so: SAME_PRESS_MS from here is a second one.
    await Bun.sleep(SAME_PRESS_MS);
    const second = performance.now();
    expect(await dev.stop("SIGINT", 10_000)).toBe(130);
    expect(performance.now() - second).toBeLessThan(5000);
    expect(dev.events.some((e) => e.type === "host:stopped")).toBe(false);
  }, 30_000);
});
