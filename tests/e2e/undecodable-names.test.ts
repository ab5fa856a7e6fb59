// A plugin folder whose name is not valid UTF-8 cannot be reached by any string path: it is
// reported, once, naming its bytes, and never skipped in silence; the other plugins work.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { runtimeBinary } from "../runtime/runtime-binaries.ts";
import { CLI, CliProcess, runCli, runCommand } from "../support/cli-process.ts";
import { helloPlugin, PluginsDir } from "../support/plugin-fixture.ts";

let dir: PluginsDir;
beforeEach(async () => {
  dir = await PluginsDir.create();
  await dir.plugin({ name: "fine", files: { "index.ts": helloPlugin("fine") } });
  // `café` in Latin-1: the byte 0xe9 alone is not UTF-8.
  const bad = Buffer.concat([Buffer.from(`${dir.root}/caf`), Buffer.from([0xe9])]);
  mkdirSync(bad);
  writeFileSync(
    Buffer.concat([bad, Buffer.from("/plugin.json")]),
    '{"name":"cafe","version":"1.0.0"}',
  );
});
afterEach(() => dir.dispose());

test("hotplug check reports it as a problem, naming its bytes, and exits 1", async () => {
  const { code, stderr } = await runCli(["check", dir.root, "--json"]);
  expect(code).toBe(1);
  expect(stderr).toContain("caf\\xe9/: the folder name is not valid UTF-8");
  expect(stderr).toContain("1 ok, 1 problem");
});

test("hotplug dev warns once, and runs the other plugins", async () => {
  const dev = CliProcess.cli(["dev", dir.root, "--json"]);
  try {
    const ready = await dev.waitFor((e) => e.type === "host:ready", { timeoutMs: 20_000 });
    expect(ready).toMatchObject({ plugins: ["fine"], failed: [] });
    await dev.waitForStderr("caf\\xe9/");
    expect(await dev.stop("SIGINT")).toBe(0);
    expect(dev.stderr.split("caf\\xe9/").length - 1).toBe(1);
  } finally {
    if (dev.proc.exitCode === null) dev.proc.kill("SIGKILL");
  }
});

// Deno hands back such a name with U+FFFD even as bytes: it is told apart by being unreachable.
const deno = runtimeBinary("deno");
test.skipIf(!deno)(
  "on Deno, hotplug check reports it too and exits 1",
  async () => {
    const command = [deno as string, "run", "-A", CLI, "check", dir.root];
    const { code, stderr } = await runCommand(command, dir.root, 30_000);
    expect(code).toBe(1);
    expect(stderr).toContain("caf\uFFFD/: the folder name is not valid UTF-8");
    expect(stderr).toContain("1 ok, 1 problem");
  },
  40_000,
);
