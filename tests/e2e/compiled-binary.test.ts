import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CliProcess, REPO, runCommand } from "../support/cli-process.ts";
import { copyExamples } from "../support/example-plugins.ts";

const BINARY = join(REPO, "dist", "hotplug");

/** Logs whether it runs off the main thread: the proof that it is in a worker. */
const isolated = (text: string) => `import { isMainThread } from "node:worker_threads";
export default {
  setup(ctx: { log: { info(message: string): void } }) {
    ctx.log.info("MARK isolated=${text} worker=" + !isMainThread);
    return {};
  },
};
`;
let work: string;

beforeAll(async () => {
  const build = Bun.spawn(["bun", "run", "compile"], { cwd: REPO, stdout: "pipe", stderr: "pipe" });
  if ((await build.exited) !== 0) throw new Error(await new Response(build.stderr).text());
  work = await mkdtemp(join(tmpdir(), "hotplug-binary-"));
  await copyExamples(work);
  // A worker plugin: the bootstrap it starts from is embedded in the binary.
  await mkdir(join(work, "plugins", "isolated"));
  await writeFile(
    join(work, "plugins", "isolated", "plugin.json"),
    JSON.stringify({ name: "isolated", version: "1.0.0", isolation: "worker" }),
  );
  await writeFile(join(work, "plugins", "isolated", "index.ts"), isolated("one"));
}, 60_000);
afterAll(() => rm(work, { recursive: true, force: true }));

describe("dist/hotplug (bun build --compile)", () => {
  test("runs plugins from disk, in-process and in a worker, hot-reloads edits, exits 0 on SIGINT", async () => {
    const host = new CliProcess([BINARY, "dev", "plugins", "--json", "--debounce", "20"], work);
    try {
      const ready = await host.waitFor((e) => e.type === "host:ready");
      expect(ready).toMatchObject({
        plugins: ["announcer", "counter", "greeter", "isolated", "uptime", "web"],
        failed: [],
      });
      await host.waitForStderr("MARK isolated=one worker=true");
      const mark = host.mark;
      const manifest = join(work, "plugins", "greeter", "plugin.json");
      await writeFile(manifest, (await readFile(manifest, "utf8")).replace('"Hello"', '"Howdy"'));
      await host.waitFor((e) => e.type === "plugin:reloaded" && e.plugin === "greeter", {
        from: mark,
      });
      await host.waitFor((e) => e.type === "plugin:reloaded" && e.plugin === "announcer", {
        from: mark,
      });
      await host.waitForStderr("Howdy, hotplug!");
      await writeFile(join(work, "plugins", "isolated", "index.ts"), isolated("two"));
      await host.waitFor(
        (e) => e.type === "plugin:reloaded" && e.plugin === "isolated" && e.isolation === "worker",
        { from: mark },
      );
      await host.waitForStderr("MARK isolated=two worker=true");
      expect(await host.stop("SIGINT")).toBe(0);
      expect(host.events.at(-1)?.type).toBe("host:stopped");
    } finally {
      if (host.proc.exitCode === null) host.proc.kill("SIGKILL");
    }
  });

  test("check --typecheck runs on the project's own TypeScript; without one it says what to install", async () => {
    // The project's tsconfig.json, as one that installed hotplug would not need `paths` for.
    const compilerOptions = {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      module: "Preserve",
      moduleResolution: "bundler",
      allowImportingTsExtensions: true,
      types: ["bun-types"],
      paths: { hotplug: [join(REPO, "src", "index.ts")] },
    };
    await writeFile(
      join(work, "tsconfig.json"),
      JSON.stringify({ compilerOptions, include: ["plugins/**/*"] }),
    );
    const checked = await runCommand([BINARY, "check", "plugins", "--typecheck"], work, 60_000);
    expect(checked.stderr).toContain("6 ok, 0 problems");
    expect(checked.code).toBe(0);
    const bare = await mkdtemp(join(tmpdir(), "hotplug-binary-bare-"));
    try {
      await mkdir(join(bare, "plugins", "p"), { recursive: true });
      await writeFile(
        join(bare, "plugins", "p", "plugin.json"),
        JSON.stringify({ name: "p", version: "1.0.0" }),
      );
      await writeFile(
        join(bare, "plugins", "p", "index.ts"),
        "export default { setup: () => ({}) };\n",
      );
      const missing = await runCommand([BINARY, "check", "plugins", "--typecheck"], bare, 60_000);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain("no TypeScript 7 to check with");
      expect(missing.stderr).toContain("bun add -d typescript@7");
    } finally {
      await rm(bare, { recursive: true, force: true });
    }
  }, 60_000);
});
