import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CliProcess, REPO } from "../support/cli-process.ts";

const BINARY = join(REPO, "dist", "hotplug");
let work: string;

beforeAll(async () => {
  const build = Bun.spawn(["bun", "run", "compile"], { cwd: REPO, stdout: "pipe", stderr: "pipe" });
  if ((await build.exited) !== 0) throw new Error(await new Response(build.stderr).text());
  work = await mkdtemp(join(tmpdir(), "hotplug-binary-"));
  await cp(join(REPO, "plugins.example"), join(work, "plugins"), { recursive: true });
  // greeter's config schema uses valibot: a plugin brings its own packages from its project.
  await symlink(join(REPO, "node_modules"), join(work, "node_modules"));
}, 60_000);
afterAll(() => rm(work, { recursive: true, force: true }));

describe("dist/hotplug (bun build --compile)", () => {
  test("runs plugins.example from disk, hot-reloads an edit, and exits 0 on SIGINT", async () => {
    const host = new CliProcess([BINARY, "dev", "plugins", "--json", "--debounce", "20"], work);
    try {
      const ready = await host.waitFor((e) => e.type === "host:ready");
      expect(ready).toMatchObject({ plugins: ["announcer", "counter", "greeter"], failed: [] });
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
      expect(await host.stop("SIGINT")).toBe(0);
      expect(host.events.at(-1)?.type).toBe("host:stopped");
    } finally {
      if (host.proc.exitCode === null) host.proc.kill("SIGKILL");
    }
  });
});
