// DESIGN.md's colour rule, end to end: escapes only on a terminal, never with NO_COLOR,
// always with FORCE_COLOR; for --help on stdout and for the log on stderr alike.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { CLI, REPO } from "../support/cli-process.ts";
import { helloPlugin, PluginsDir } from "../support/plugin-fixture.ts";

const ESC = "\u001B[";
let dir: PluginsDir;
beforeEach(async () => {
  dir = await PluginsDir.create();
  await dir.plugin({ name: "one", files: { "index.ts": helloPlugin("1") } });
});
afterEach(() => dir.dispose());

/** The environment without any colour preference the test runner itself may have. */
const env = (extra: Record<string, string> = {}) => {
  const { FORCE_COLOR: _f, NO_COLOR: _n, ...rest } = process.env;
  return { ...rest, ...extra };
};

/** `hotplug run` once up: it starts the plugin, then SIGINT ends it. */
async function runOnce(extra: Record<string, string> = {}) {
  const proc = Bun.spawn(["bun", CLI, "run", dir.root, "--json"], {
    cwd: REPO,
    env: env(extra),
    stdout: "pipe",
    stderr: "pipe",
    stdin: "ignore",
  });
  const timer = setTimeout(() => proc.kill("SIGKILL"), 20_000);
  const reader = proc.stdout.getReader();
  let stdout = "";
  while (!stdout.includes('"host:ready"')) {
    const { value, done } = await reader.read();
    if (done) break;
    stdout += new TextDecoder().decode(value);
  }
  proc.kill("SIGINT");
  reader.releaseLock();
  const [stderr, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
  clearTimeout(timer);
  return { stderr, code };
}

const help = (extra: Record<string, string> = {}) =>
  Bun.spawnSync(["bun", CLI, "dev", "--help"], { cwd: REPO, env: env(extra), timeout: 20_000 });

describe("in a pipe", () => {
  test("--help and the log carry no escapes", async () => {
    const piped = help();
    expect(piped.exitCode).toBe(0);
    expect(piped.stdout.toString()).toContain("USAGE hotplug dev");
    expect(piped.stdout.toString()).not.toContain(ESC);
    const { stderr, code } = await runOnce();
    expect(code).toBe(0);
    expect(stderr).toContain("one 1.0.0 started");
    expect(stderr).not.toContain(ESC);
  }, 30_000);

  test("FORCE_COLOR=1 colours both; FORCE_COLOR=0 does not", async () => {
    expect(help({ FORCE_COLOR: "1" }).stdout.toString()).toContain(`${ESC}1mUSAGE`);
    expect((await runOnce({ FORCE_COLOR: "1", NO_COLOR: "1" })).stderr).toContain(
      `${ESC}32m✔${ESC}39m one 1.0.0 started`,
    );
    expect(help({ FORCE_COLOR: "0" }).stdout.toString()).not.toContain(ESC);
  }, 30_000);
});

/** Runs the CLI on a pseudo-terminal (util-linux `script`), as in tty-keys. */
const onTerminal = (args: string, extra: Record<string, string> = {}) =>
  Bun.spawnSync(["script", "-qfec", `bun '${CLI}' ${args}`, "/dev/null"], {
    cwd: REPO,
    env: env(extra),
    stdin: "ignore",
    timeout: 20_000,
  });

describe.skipIf(!Bun.which("script"))("on a terminal", () => {
  test("--help in colour, unless NO_COLOR", () => {
    expect(onTerminal("dev --help").stdout.toString()).toContain(`${ESC}1mUSAGE`);
    const plain = onTerminal("dev --help", { NO_COLOR: "1" }).stdout.toString();
    expect(plain).toContain("USAGE hotplug dev");
    expect(plain).not.toContain(ESC);
  }, 30_000);

  test("the log in colour, unless NO_COLOR", () => {
    const check = `check '${dir.root}'`;
    expect(onTerminal(check).stdout.toString()).toContain(`${ESC}32m✔${ESC}39m one 1.0.0`);
    const plain = onTerminal(check, { NO_COLOR: "1" }).stdout.toString();
    expect(plain).toContain("✔ one 1.0.0");
    expect(plain).not.toContain(ESC);
  }, 30_000);
});
