import { afterEach, beforeEach, expect, test } from "bun:test";
import { CliProcess, runCli } from "../support/cli-process.ts";
import { helloPlugin, PluginsDir } from "../support/plugin-fixture.ts";

// DESIGN.md: each step of a reload is bounded by `timeout`, the import too: a module whose
// top-level await never settles must not hold the module lock, and every plugin behind it.
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

test("check: an import that never settles is reported as timed out", async () => {
  const { code, stderr } = await runCli(["check", dir.root, "--timeout", "300"]);
  expect(code).toBe(1);
  expect(stderr).toContain("import() did not finish within 300 ms");
  expect(stderr).toContain("1 ok, 1 problem");
}, 30_000);
