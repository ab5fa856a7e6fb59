import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { CliProcess, killLeftovers, runCli } from "../support/cli-process.ts";
import { helloPlugin, PluginsDir } from "../support/plugin-fixture.ts";

let dir: PluginsDir;
let running: CliProcess | undefined;
beforeEach(async () => {
  dir = await PluginsDir.create();
});
afterEach(async () => {
  await killLeftovers();
  await dir.dispose();
});

/** A plugin that logs a marker from setup(): the proof that this generation's code ran. */
const marker = (text: string) =>
  `export default { setup(ctx) { ctx.log.info("MARK " + ${JSON.stringify(text)}); return { text: ${JSON.stringify(text)} }; } };`;

describe("bad usage exits 2 with a message and no stack trace", () => {
  test.each([
    [
      ["dev", "DIR", "--debounce", "soon"],
      '--debounce: expected auto or a whole number of ms from 0 to 60000, got "soon"',
    ],
    [["dev", "DIR", "--concurrency", "0"], "--concurrency: must be at least 1"],
    [
      ["dev", "DIR", "--debounce", "500", "--max-wait", "100"],
      "--max-wait: must be at least --debounce",
    ],
    [["run", "DIR", "--metrics-port", "70000"], "--metrics-port: must be at most 65535"],
    [["dev", "DIR", "--log-level", "loud"], "Invalid value for argument"],
    [["dev", "DIR", "--frobnicate"], "Unknown flag: --frobnicate"],
    [["launch"], "Unknown command: launch"],
    [["init", "Bad_Name"], "name: expected lowercase letters"],
  ])("hotplug %p", async (args, message) => {
    const { code, stderr, stdout } = await runCli(
      args.map((arg) => (arg === "DIR" ? dir.root : arg)),
    );
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr + stdout).not.toContain("    at ");
  });

  test("a missing plugins folder is named", async () => {
    for (const command of ["dev", "run", "check"]) {
      const { code, stderr } = await runCli([command, dir.path("nowhere")]);
      expect(code).toBe(2);
      expect(stderr).toContain("plugins folder not found");
      expect(stderr).toContain("nowhere");
      expect(stderr).not.toContain("    at ");
    }
  });

  test("--help shows every flag with its default and exits 0", async () => {
    const { code, stdout } = await runCli(["dev", "--help"]);
    expect(code).toBe(0);
    for (const flag of [
      "--debounce",
      "--max-wait",
      "--concurrency",
      "--timeout",
      "--poll",
      "--poll-interval",
      "--include",
      "--exclude",
      "--json",
      "--metrics-port",
      "--log-level",
    ]) {
      expect(stdout).toContain(flag);
    }
    expect(stdout).toContain("Default: auto");
  });
});

describe("hotplug check", () => {
  test("imports a worker plugin in a worker, bounded by --timeout", async () => {
    const worker = { isolation: "worker" };
    await dir.plugin({ name: "fine", manifest: worker, files: { "index.ts": helloPlugin("x") } });
    await dir.plugin({
      name: "hangs",
      manifest: worker,
      files: { "index.ts": "for (;;) {}\nexport default { setup: () => ({}) };" },
    });
    // In-process, this import would hang check itself; in its worker it is ended at the time-out.
    await dir.plugin({
      name: "main-thread",
      files: {
        "index.ts":
          "import { isMainThread } from 'node:worker_threads';\nif (isMainThread) throw new Error('imported in the host');\nexport default { setup: () => ({}) };",
      },
    });
    const { code, stderr } = await runCli([
      "check",
      dir.root,
      "--timeout",
      "500",
      "--isolation",
      "worker",
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain("✔ fine 1.0.0");
    expect(stderr).toContain("✔ main-thread 1.0.0");
    expect(stderr).toContain("import() did not finish within 500 ms");
    expect(stderr).toContain("2 ok, 1 problem");
  });

  test("a plugins folder may share its name with the command", async () => {
    const parent = dirname(dir.root);
    await mkdir(join(parent, "check", "good"), { recursive: true });
    await writeFile(
      join(parent, "check", "good", "plugin.json"),
      JSON.stringify({ name: "good", version: "1.0.0" }),
    );
    await writeFile(join(parent, "check", "good", "index.ts"), helloPlugin("x"));
    const { code, stderr } = await runCli(["check", "check"], parent);
    expect(stderr).toContain("1 ok, 0 problems");
    expect(code).toBe(0);
  });

  test("accepts plugins.example", async () => {
    const { code, stderr } = await runCli(["check", "plugins.example"]);
    expect(stderr).toContain("5 ok, 0 problems");
    expect(code).toBe(0);
  });

  test("a broken plugin exits 1 naming the file and the field", async () => {
    await dir.plugin({ name: "good", files: { "index.ts": helloPlugin("x") } });
    await dir.write("bad/plugin.json", JSON.stringify({ name: "bad", version: "1.x" }));
    await dir.write("bad/index.ts", helloPlugin("y"));
    await dir.plugin({ name: "noshape", files: { "index.ts": "export default { start() {} };" } });
    const { code, stderr, stdout } = await runCli(["check", dir.root, "--json"]);
    expect(code).toBe(1);
    expect(stderr).toContain('plugins/bad/plugin.json: version: expected semver, got "1.x"');
    expect(stderr).toContain(
      "plugins/noshape/index.ts: default export: setup: expected a function",
    );
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ type: "check", ok: false, plugins: [{ name: "good" }] });
    expect(report.problems).toHaveLength(2);
  });
});

describe("hotplug init", () => {
  test("scaffolds a typed plugin that check accepts and dev runs", async () => {
    const created = await runCli(["init", "weather", "--dir", dir.root]);
    expect(created.code).toBe(0);
    const manifest = JSON.parse(await readFile(dir.path("weather", "plugin.json"), "utf8"));
    expect(manifest).toMatchObject({ name: "weather", version: "0.1.0" });
    expect(manifest.$schema).toEndWith("schema/plugin.schema.json");
    expect(await readFile(dir.path("weather", "index.ts"), "utf8")).toContain(
      'import type { Plugin, PluginContext } from "hotplug"',
    );
    expect(await readFile(dir.path("weather", "index.test.ts"), "utf8")).toContain(
      'import { testPlugin } from "hotplug/testing"',
    );
    expect((await runCli(["check", dir.root])).code).toBe(0);
    const again = await runCli(["init", "weather", "--dir", dir.root]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already exists");
  });
});

describe("hotplug run", () => {
  test("exits 1 when an enabled plugin fails to start", async () => {
    await dir.plugin({ name: "ok", files: { "index.ts": helloPlugin("x") } });
    await dir.plugin({
      name: "boom",
      files: {
        "index.ts":
          "export default { setup: () => ({}), start() { throw new Error('cannot bind'); } };",
      },
    });
    const { code, stderr } = await runCli(["run", dir.root]);
    expect(code).toBe(1);
    expect(stderr).toContain("boom failed in start: start() failed: cannot bind");
  });

  test("serves until SIGTERM, then stops plugins and exits 0", async () => {
    await dir.plugin({ name: "ok", files: { "index.ts": marker("v1") } });
    running = CliProcess.cli(["run", dir.root, "--json"]);
    await running.waitFor((e) => e.type === "host:ready");
    expect(await running.stop("SIGTERM")).toBe(0);
    expect(running.events.map((e) => e.type)).toEqual([
      "plugin:started",
      "host:ready",
      "plugin:unloaded",
      "host:stopped",
    ]);
  });
});

describe("hotplug dev --json", () => {
  test("edit, failure, fix and shutdown, with only JSON lines on stdout", async () => {
    await dir.plugin({ name: "greeter", files: { "index.ts": marker("v1") } });
    running = CliProcess.cli(["dev", dir.root, "--json", "--debounce", "20"]);
    const ready = await running.waitFor((e) => e.type === "host:ready");
    expect(ready).toMatchObject({ watcher: "native", plugins: ["greeter"], failed: [] });

    let mark = running.mark;
    await dir.write("greeter/index.ts", marker("v2"));
    const reloaded = await running.waitFor((e) => e.type === "plugin:reloaded", { from: mark });
    expect(reloaded).toMatchObject({
      plugin: "greeter",
      generation: 2,
      cause: "change",
      files: ["greeter/index.ts"],
    });
    await running.waitForStderr("MARK v2");

    mark = running.mark;
    await dir.write("greeter/index.ts", "export default {\n  setup() { return 1 +; },\n};\n");
    const failed = await running.waitFor((e) => e.type === "plugin:failed", { from: mark });
    expect(failed).toMatchObject({
      plugin: "greeter",
      phase: "import",
      file: "greeter/index.ts",
      line: 2,
      column: 23,
      runningGeneration: 2,
      rolledBack: false,
    });
    await running.waitForStderr("keeps running");
    expect(failed.frame).toBe("2 |   setup() { return 1 +; },\n  |                       ^");
    // The human log shows it too, under the headline.
    expect(running.stderr).toContain(
      "plugins/greeter/index.ts:2:23: Unexpected ;\n  2 |   setup() { return 1 +; },\n    |  ",
    );

    mark = running.mark;
    await dir.write("greeter/index.ts", marker("v3"));
    await running.waitFor((e) => e.type === "plugin:reloaded" && e.generation === 3, {
      from: mark,
    });
    await running.waitForStderr("MARK v3");

    expect(await running.stop("SIGINT")).toBe(0);
    const last = running.events.at(-1);
    expect(last).toMatchObject({
      type: "host:stopped",
      metrics: { reloadCount: 2, errorCount: 1 },
    });
    expect(running.events.filter((e) => e.type === "<not JSON>")).toEqual([]);
    for (const event of running.events) expect(typeof event.time).toBe("string");
  });

  test("--metrics-port serves /metrics and /status on loopback", async () => {
    await dir.plugin({ name: "greeter", files: { "index.ts": marker("v1") } });
    running = CliProcess.cli(["dev", dir.root, "--metrics-port", "0", "--log-level", "info"]);
    await running.waitForStderr("/metrics and /status");
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(running.stderr)?.[1]);
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(metrics.headers.get("content-type")).toContain("text/plain");
    const text = await metrics.text();
    expect(text).toContain("# TYPE hotplug_reload_duration_seconds histogram");
    expect(text).toContain('hotplug_plugin_running{plugin="greeter"} 1');
    const response = await fetch(`http://127.0.0.1:${port}/status`);
    const status = (await response.json()) as { plugins: unknown[] };
    expect(status.plugins).toMatchObject([
      { name: "greeter", state: "running", generation: 1, stale: false },
    ]);
    expect((await fetch(`http://127.0.0.1:${port}/nope`)).status).toBe(404);
    const post = await fetch(`http://127.0.0.1:${port}/metrics`, { method: "POST" });
    expect(post.status).toBe(405);
    expect(await running.stop()).toBe(0);
  });
});

describe("errors thrown outside hooks", () => {
  test.each([
    ["a timer", "setTimeout(() => { throw new Error('tick failed'); }, 10);", "tick failed"],
    ["a rejected promise", "Promise.reject(new Error('nobody awaited'));", "nobody awaited"],
  ])("from %s mark only that plugin failed; a save restarts it", async (_, code, message) => {
    await dir.plugin({ name: "fine", files: { "index.ts": marker("fine") } });
    await dir.plugin({
      name: "flaky",
      files: { "index.ts": `export default { setup: () => ({}), start() { ${code} } };` },
    });
    running = CliProcess.cli(["dev", dir.root, "--json", "--debounce", "20"]);
    const failed = await running.waitFor((e) => e.type === "plugin:failed", { timeoutMs: 3000 });
    expect(failed).toMatchObject({ plugin: "flaky", phase: "runtime", runningGeneration: null });
    expect(failed.message).toContain(message);
    const mark = running.mark;
    await dir.write("flaky/index.ts", marker("flaky fixed"));
    await running.waitFor((e) => e.type === "plugin:started" && e.plugin === "flaky", {
      from: mark,
    });
    await running.waitForStderr("MARK flaky fixed");
    expect(await running.stop()).toBe(0);
    const unloaded = running.events
      .filter((e) => e.type === "plugin:unloaded")
      .map((e) => e.plugin);
    expect(unloaded.sort()).toEqual(["fine", "flaky"]);
  });
});
