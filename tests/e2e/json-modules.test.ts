// A data module that does not parse is named with its line and column (for JSON, Bun's own error names
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

test("a TOML module that does not parse is named with its line, column and frame; a .txt module's edit runs", async () => {
  await dir.plugin({
    name: "conf",
    files: {
      "index.ts": `import conf from "./conf.toml";
import text from "./note.txt";
export default { setup: (ctx) => { ctx.log.info("CONF " + conf.name + " " + text); return {}; } };
`,
      "conf.toml": 'name = "one"\nports = [1, 2]\n',
      "note.txt": "first",
    },
  });
  const dev = CliProcess.cli(["dev", dir.root, "--json"]);
  try {
    await dev.waitFor((e) => e.type === "host:ready", { timeoutMs: 20_000 });
    await dev.waitForStderr("CONF one first");
    let from = dev.events.length;
    await dir.write("conf/conf.toml", 'name = "two"\nports = [1, 2\nmore = 3\n');
    const failed = await dev.waitFor((e) => e.type === "plugin:failed", {
      from,
      timeoutMs: 15_000,
    });
    expect(failed).toMatchObject({
      plugin: "conf",
      phase: "import",
      file: "conf/conf.toml",
      line: 3,
      column: 1,
      runningGeneration: 1,
    });
    expect(String(failed.message)).toContain("conf.toml:3:1: Expected ',' or ']'");
    expect(String(failed.frame)).toContain("more = 3");
    from = dev.events.length;
    await dir.write("conf/conf.toml", 'name = "two"\nports = [1, 2]\n');
    await dev.waitFor((e) => e.type === "plugin:reloaded" && e.plugin === "conf", { from });
    await dev.waitForStderr("CONF two first");
    from = dev.events.length;
    await dir.write("conf/note.txt", "second");
    await dev.waitFor((e) => e.type === "plugin:reloaded" && e.plugin === "conf", { from });
    await dev.waitForStderr("CONF two second");
    expect(await dev.stop("SIGINT")).toBe(0);
  } finally {
    if (dev.proc.exitCode === null) dev.proc.kill("SIGKILL");
  }
}, 40_000);
