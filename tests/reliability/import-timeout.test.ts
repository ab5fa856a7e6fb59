import { afterEach, beforeEach, expect, test } from "bun:test";
import { CliProcess } from "../support/cli-process.ts";
import { helloPlugin, PluginsDir } from "../support/plugin-fixture.ts";

// DESIGN.md: each step of a reload is bounded by `timeout`. The import step is not: a module
// whose top-level await never settles (src/plugin/loader/plugin-loader.ts `import()`, called
// from src/plugin/prepare-plugin.ts `prepareModule()` with no deadline) holds the host-wide
// module lock forever. `hotplug dev` then never reaches host:ready, no other plugin starts,
// and SIGINT/SIGTERM cannot stop it (serveHost awaits startWatching() before it looks at the
// signal); `hotplug check` hangs too (it has no --timeout). It should fail that plugin in phase "import" with
// timedOut: true after --timeout and carry on.
let dir: PluginsDir;
let dev: CliProcess | undefined;
beforeEach(async () => {
  dir = await PluginsDir.create();
  await dir.plugin({
    name: "aa-stuck",
    files: { "index.ts": "await new Promise(() => {});\nexport default { setup: () => ({}) };\n" },
  });
  await dir.plugin({ name: "zz-fine", files: { "index.ts": helloPlugin("fine") } });
});
afterEach(async () => {
  if (dev && dev.proc.exitCode === null) dev.proc.kill("SIGKILL");
  dev = undefined;
  await dir.dispose();
});

test("dev: an import that never settles times out; the other plugins start", async () => {
  dev = CliProcess.cli(["dev", dir.root, "--json", "--timeout", "300"]);
  const ready = await dev.waitFor((e) => e.type === "host:ready", { timeoutMs: 10_000 });
  expect(ready).toMatchObject({ plugins: ["zz-fine"], failed: ["aa-stuck"] });
  expect(dev.events.find((e) => e.type === "plugin:failed")).toMatchObject({
    plugin: "aa-stuck",
    phase: "import",
    timedOut: true,
  });
  expect(await dev.stop("SIGINT")).toBe(0);
}, 30_000);
