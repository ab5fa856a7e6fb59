import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO, runCommand } from "../support/cli-process.ts";

// A plugin project as an author makes one: its own folder outside this repository, hotplug
// installed from the package (the tarball `npm publish` would upload), `hotplug init`, and
// `bun test` with nothing else.

let project: string;
let entry: string;
let original: string;

const run = async (command: string[], cwd = project) => {
  const { code, stdout, stderr } = await runCommand(command, cwd, 60_000);
  return { code, stdout, output: stdout + stderr };
};

/** `bun test` in the project after `change` to the plugin's entry; the entry is put back after. */
async function testWith(change: (source: string) => string) {
  const changed = change(original);
  expect(changed).not.toBe(original);
  await writeFile(entry, changed);
  try {
    return await run(["bun", "test"]);
  } finally {
    await writeFile(entry, original);
  }
}

const lineOf = (source: string, text: string) =>
  source.split("\n").findIndex((line) => line.includes(text)) + 1;

beforeAll(async () => {
  project = await realpath(await mkdtemp(join(tmpdir(), "hotplug-project-")));
  const packed = await run(["bun", "pm", "pack", "--destination", project, "--quiet"], REPO);
  expect(packed.code).toBe(0);
  const tarball = join(project, "hotplug-0.1.0.tgz");
  const manifest = {
    name: "my-plugins",
    private: true,
    type: "module",
    dependencies: { hotplug: `file:${tarball}` },
  };
  await writeFile(join(project, "package.json"), JSON.stringify(manifest, null, 2));
  const installed = await run(["bun", "install"]);
  expect(installed.output).toContain("installed");
  expect(installed.code).toBe(0);
  const created = await run(["bun", "x", "hotplug", "init", "hello"]);
  expect(created.output).toContain(
    "created plugins/hello: plugin.json, index.ts and index.test.ts",
  );
  entry = join(project, "plugins", "hello", "index.ts");
  original = await readFile(entry, "utf8");
}, 120_000);

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

describe("a plugin project with the test hotplug init wrote", () => {
  test("bun test passes, and check takes the plugin without its test", async () => {
    const tested = await run(["bun", "test"]);
    expect(tested.output).toContain("4 pass");
    expect(tested.output).toContain("0 fail");
    expect(tested.code).toBe(0);

    const checked = await run(["bun", "x", "hotplug", "check", "plugins", "--json"]);
    expect(JSON.parse(checked.stdout)).toEqual({
      type: "check",
      ok: true,
      plugins: [{ name: "hello", version: "0.1.0" }],
      problems: [],
    });
  }, 30_000);

  test("a plugin that throws in setup fails the test, naming its file, line and code", async () => {
    const broken = "greeted = ctx.state.greeted;";
    const { code, output } = await testWith((source) =>
      source.replace("greeted = ctx.state?.greeted ?? 0;", broken),
    );
    expect(code).toBe(1);
    expect(output).toContain("PluginTestError: hello did not start (setup)");
    const line = lineOf(original, "greeted = ctx.state?.greeted ?? 0;");
    expect(output).toContain(`at plugins/hello/index.ts:${line}:`);
    expect(output).toContain(`${line} |     ${broken}`);
    // The test's own line, not hotplug's insides.
    expect(output).toContain("plugins/hello/index.test.ts:");
    expect(output).not.toContain("node_modules/hotplug/src/testing");
  }, 30_000);

  test("a syntax error fails every test with its place", async () => {
    const { code, output } = await testWith((source) =>
      source.replace("greeted++;", "greeted++ +;"),
    );
    expect(code).toBe(1);
    expect(output).toContain("4 fail");
    expect(output).toMatch(
      /hello did not start \(import\): hello: plugins\/hello\/index\.ts:\d+:\d+:/,
    );
  }, 30_000);

  test("a stop() that forgets the state fails the reload test alone", async () => {
    const { code, output } = await testWith((source) =>
      source.replace("return { greeted };", "return undefined;"),
    );
    expect(code).toBe(1);
    expect(output).toContain("(fail) hello hands its state to the next generation");
    expect(output).toContain("3 pass");
  }, 30_000);

  test("a forgotten interval fails the leftovers test, with the line that started it", async () => {
    const leak = "setInterval(() => {}, 60_000);";
    const { code, output } = await testWith((source) =>
      source.replace(
        "    return {\n      greet(who) {",
        `    ${leak}\n    return {\n      greet(who) {`,
      ),
    );
    expect(code).toBe(1);
    expect(output).toContain("(fail) hello leaves nothing running");
    expect(output).toMatch(
      /hello generation 1 left 1 interval running \(plugins\/hello\/index\.ts:\d+:\d+\); cleared it/,
    );
    expect(output).toContain("3 pass");
  }, 30_000);
});
