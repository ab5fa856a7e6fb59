import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { readFile, rm, symlink, truncate, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import { CliProcess, runCli } from "../support/cli-process.ts";
import { helloPlugin, PluginsDir } from "../support/plugin-fixture.ts";

let dir: PluginsDir;
let running: CliProcess | undefined;
beforeEach(async () => {
  dir = await PluginsDir.create();
});
afterEach(async () => {
  if (running && running.proc.exitCode === null) running.proc.kill("SIGKILL");
  running = undefined;
  await dir.dispose();
});

const marker = (text: string) =>
  `export default { setup(ctx) { ctx.log.info("MARK " + ${JSON.stringify(text)}); return {}; } };\n`;

describe("plugin code stays inside its folder", () => {
  // Static cases (.., absolute, symlinked entry or folder) are in tests/fixtures/bad-plugins.
  test("an entry swapped for a symlink leading out is refused; the old code keeps serving", async () => {
    await dir.plugin({ name: "greeter", files: { "index.ts": marker("inside") } });
    await writeFile(join(dir.root, "..", "outside.ts"), marker("outside"));
    running = CliProcess.cli(["dev", dir.root, "--json", "--debounce", "30"]);
    await running.waitFor((e) => e.type === "host:ready");
    const mark = running.mark;
    await rm(dir.path("greeter", "index.ts"));
    await symlink(join(dir.root, "..", "outside.ts"), dir.path("greeter", "index.ts"));
    const failed = await running.waitFor(
      (e) => e.type === "plugin:failed" && String(e.message).includes("symlink"),
      { from: mark },
    );
    expect(failed).toMatchObject({ plugin: "greeter", phase: "manifest", runningGeneration: 1 });
    expect(failed.message).toContain("outside the plugin folder");
    expect(running.stderr).not.toContain("MARK outside");
    expect(await running.stop()).toBe(0);
  });
});

test("a 1 GiB (sparse) plugin.json is refused by its size, without reading it", async () => {
  await dir.write("huge/index.ts", helloPlugin("x"));
  await dir.write("huge/plugin.json", "");
  await truncate(dir.path("huge", "plugin.json"), 2 ** 30);
  const started = performance.now();
  const { code, stderr } = await runCli(["check", dir.root]);
  const ms = performance.now() - started;
  expect(code).toBe(1);
  expect(stderr).toContain("plugins/huge/plugin.json: file is 1048576.0 KiB");
  expect(stderr).toContain("over the 256 KiB limit");
  expect(ms).toBeLessThan(5000); // reading 1 GiB would take seconds and a GiB of memory
});

describe("the metrics server", () => {
  /** Listening sockets on `port` from /proc/net/tcp{,6}: local addresses as the kernel writes them. */
  async function listeners(port: number): Promise<string[]> {
    const found: string[] = [];
    for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
      const text = await readFile(file, "utf8").catch(() => "");
      for (const line of text.split("\n").slice(1)) {
        const [, local, , state] = line.trim().split(/\s+/);
        if (!local || state !== "0A") continue;
        const [address, hexPort] = local.split(":");
        if (Number.parseInt(hexPort ?? "", 16) === port) found.push(`${file}:${address}`);
      }
    }
    return found;
  }

  const refused = (host: string, port: number) =>
    new Promise<boolean>((resolve) => {
      const socket = connect({ host, port });
      socket.setTimeout(2000);
      socket.once("connect", () => {
        socket.destroy();
        resolve(false);
      });
      socket.once("timeout", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(true));
    });

  test("listens on loopback only and answers GET/HEAD on its routes alone", async () => {
    await dir.plugin({ name: "greeter", files: { "index.ts": helloPlugin("x") } });
    running = CliProcess.cli(["dev", dir.root, "--metrics-port", "0", "--log-level", "info"]);
    await running.waitForStderr("/metrics and /status");
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(running.stderr)?.[1]);
    expect(port).toBeGreaterThan(0);

    // 0100007F is 127.0.0.1 as /proc/net/tcp writes it (little-endian hex).
    expect(await listeners(port)).toEqual(["/proc/net/tcp:0100007F"]);
    const external = Object.values(networkInterfaces())
      .flat()
      .find((info) => info && !info.internal && info.family === "IPv4")?.address;
    if (external) expect(await refused(external, port)).toBe(true);
    else console.info("metrics: no non-loopback IPv4 address here; /proc/net/tcp check only");

    const at = (path: string, method = "GET") =>
      fetch(`http://127.0.0.1:${port}${path}`, { method });
    expect((await at("/metrics")).status).toBe(200);
    expect((await at("/status?pretty=1")).status).toBe(200);
    const head = await at("/status", "HEAD");
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
      for (const path of ["/metrics", "/status"]) {
        const response = await at(path, method);
        expect({ method, path, status: response.status }).toEqual({ method, path, status: 405 });
        expect(response.headers.get("allow")).toBe("GET, HEAD");
      }
    }
    for (const path of [
      "/index.html",
      "/metrics/",
      "/status.json",
      "/METRICS",
      "/%2e%2e/etc/passwd",
    ]) {
      const response = await at(path);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
    expect(await running.stop()).toBe(0);
  });
});

describe("errors thrown outside hooks", () => {
  test("a dependent of the crashed plugin waits, and returns when the plugin is fixed", async () => {
    await dir.plugin({
      name: "clock",
      files: {
        "index.ts": `export default {
  setup: () => ({ now: () => 1 }),
  start() { setTimeout(() => { throw new Error("clock tick failed"); }, 20); },
};\n`,
      },
    });
    await dir.plugin({
      name: "greeter",
      dependsOn: ["clock"],
      files: {
        "index.ts": `export default {
  setup(ctx) { ctx.log.info("MARK greeter gen " + ctx.generation + " sees " + typeof ctx.deps.clock?.now); return {}; },
};\n`,
      },
    });
    await dir.plugin({ name: "bystander", files: { "index.ts": marker("bystander") } });
    running = CliProcess.cli(["dev", dir.root, "--json", "--debounce", "30"]);
    const crashed = await running.waitFor(
      (e) => e.type === "plugin:failed" && e.plugin === "clock",
    );
    expect(crashed).toMatchObject({ phase: "runtime", runningGeneration: null });
    expect(crashed.message).toContain("clock tick failed");
    const waiting = await running.waitFor(
      (e) => e.type === "plugin:failed" && e.plugin === "greeter",
    );
    expect(waiting).toMatchObject({ phase: "dependency", runningGeneration: null });
    expect(running.events.some((e) => e.type === "plugin:failed" && e.plugin === "bystander")).toBe(
      false,
    );

    const mark = running.mark;
    await dir.write("clock/index.ts", "export default { setup: () => ({ now: () => 2 }) };\n");
    await running.waitFor((e) => e.type === "plugin:started" && e.plugin === "clock", {
      from: mark,
    });
    await running.waitFor((e) => e.type === "plugin:started" && e.plugin === "greeter", {
      from: mark,
    });
    await running.waitForStderr("MARK greeter gen 2 sees function");
    expect(await running.stop()).toBe(0);
    const unloaded = running.events
      .filter((e) => e.type === "plugin:unloaded")
      .map((e) => e.plugin);
    expect(unloaded.sort()).toEqual(["bystander", "clock", "greeter"]);
  });
});
