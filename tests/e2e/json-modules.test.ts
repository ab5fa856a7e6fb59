// A JSON module that does not parse is named with its line and column (Bun's own error names
// only the importing entry), and the last good generation keeps running.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { CliProcess } from "../support/cli-process.ts";
import { PluginsDir } from "../support/plugin-fixture.ts";

let dir: PluginsDir;
beforeEach(async () => {
  dir = await PluginsDir.create();
  await dir.plugin({
    name: "attr",
    files: {
      "index.ts": 'import data from "./data.json";\nexport default { setup: () => ({ data }) };\n',
      "data.json": '{ "list": [1, 2] }\n',
    },
  });
});
afterEach(() => dir.dispose());

test("a half-typed data.json fails its reload naming data.json:line:column; the old code runs", async () => {
  const dev = CliProcess.cli(["dev", dir.root, "--json"]);
  try {
    await dev.waitFor((e) => e.type === "host:ready", { timeoutMs: 20_000 });
    const from = dev.events.length;
    await dir.write("attr/data.json", '{\n  "list": [1, 2,\n}\n');
    const failed = await dev.waitFor((e) => e.type === "plugin:failed", {
      from,
      timeoutMs: 15_000,
    });
    expect(failed).toMatchObject({ plugin: "attr", phase: "import", runningGeneration: 1 });
    expect(String(failed.file)).toEndWith("attr/data.json");
    expect(String(failed.message)).toContain("data.json:3:1: JSON Parse error");
    expect(dev.stderr).toContain("data.json:3:1");
    expect(await dev.stop("SIGINT")).toBe(0);
  } finally {
    if (dev.proc.exitCode === null) dev.proc.kill("SIGKILL");
  }
}, 40_000);
