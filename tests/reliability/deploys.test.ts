// Deploys as fleets do them, through `hotplug dev --json` at its defaults, on both watcher
// backends: a Capistrano-style `current -> releases/N` symlink swap of the plugins folder, and
// a Kubernetes ConfigMap volume's `..data` swap. Each reloads exactly the plugins whose bytes
// changed, runs the new bytes, and fails nothing. On Bun and on Deno.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtemp, realpath, rename, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CliProcess, killLeftovers } from "../support/cli-process.ts";
import { writeRelease } from "../support/plugin-fixture.ts";
import { useRuntimeClis } from "../support/runtime-cli.ts";
import { type Backend, marker } from "./save-patterns-suite.ts";

const clis = useRuntimeClis();
type Runtime = "bun" | "deno";

let base: string;
let dev: CliProcess | undefined;
beforeEach(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), "hotplug-deploy-")));
});
afterEach(async () => {
  await killLeftovers();
  await rm(base, { recursive: true, force: true });
});

const release = (root: string, plugins: Record<string, string>) =>
  writeRelease(root, plugins, marker);

async function serve(root: string, backend: Backend, runtime: Runtime): Promise<CliProcess> {
  const poll = backend === "poll" ? ["--poll"] : [];
  const binary = clis.binaries.get(runtime) as string;
  dev = new CliProcess(clis.command(runtime, binary, ["dev", root, "--json", ...poll]));
  await dev.waitFor((e) => e.type === "host:ready", { timeoutMs: 30_000 });
  return dev;
}

/** The events from `from` until a reload of `plugin`, which must be its only one. */
async function onlyReloadOf(cli: CliProcess, plugin: string, text: string, from: number) {
  await cli.waitFor((e) => e.type === "plugin:reloaded" && e.plugin === plugin, {
    from,
    timeoutMs: 15_000,
  });
  await cli.waitForStderr(`MARK ${text}\n`, 15_000);
  // The swap is over once its re-sync said so (root swap) or nothing else is queued.
  return cli.events
    .slice(from)
    .filter((e) => e.type !== "host:synced" && e.type !== "watcher:fallback");
}

for (const [runtime, backend] of (["bun", "deno"] as const).flatMap((r) =>
  (["native", "poll"] as const).map((b) => [r, b] as const),
)) {
  describe.skipIf(!clis.binaries.get(runtime))(`${runtime}, ${backend} watcher`, () => {
    test("a Capistrano deploy: `current` re-pointed to a new release by ln -s + mv -T", async () => {
      await release(join(base, "releases", "1"), { same: "same", changed: "changed-r1" });
      await release(join(base, "releases", "2"), { same: "same", changed: "changed-r2" });
      const current = join(base, "current");
      await symlink(join(base, "releases", "1"), current);
      const cli = await serve(current, backend, runtime);
      const mark = cli.mark;
      await symlink(join(base, "releases", "2"), `${current}.tmp`);
      await rename(`${current}.tmp`, current);
      const synced = await cli.waitFor((e) => e.type === "host:synced", {
        from: mark,
        timeoutMs: 15_000,
      });
      expect(synced).toMatchObject({
        reloaded: ["changed"],
        started: [],
        unloaded: [],
        failed: [],
        unchanged: 1,
      });
      const events = await onlyReloadOf(cli, "changed", "changed-r2", mark);
      expect(events.map((e) => `${e.type} ${e.plugin}`)).toEqual(["plugin:reloaded changed"]);
      // Later saves go to the new release's files.
      const next = cli.mark;
      await writeFile(join(base, "releases", "2", "same", "index.ts"), marker("same-edited"));
      await onlyReloadOf(cli, "same", "same-edited", next);
      expect(await cli.stop("SIGINT")).toBe(0);
    }, 30_000);

    test("a Kubernetes ConfigMap update: a new ..<timestamp> folder, ..data swapped to it", async () => {
      // The layout kubelet's atomic writer makes: files in a timestamped folder, `..data`
      // pointing to it, and each top-level name a link through `..data`.
      const volume = join(base, "plugins");
      const stamp1 = "..2026_12_01_10_00_00.111";
      await release(join(volume, stamp1), { same: "same", changed: "changed-v1" });
      await symlink(stamp1, join(volume, "..data"));
      for (const name of ["same", "changed"])
        await symlink(join("..data", name), join(volume, name));
      const cli = await serve(volume, backend, runtime);
      const mark = cli.mark;
      const stamp2 = "..2026_12_01_10_05_00.222";
      await release(join(volume, stamp2), { same: "same", changed: "changed-v2" });
      await symlink(stamp2, join(volume, "..data_tmp"));
      await rename(join(volume, "..data_tmp"), join(volume, "..data"));
      await rm(join(volume, stamp1), { recursive: true });
      const events = await onlyReloadOf(cli, "changed", "changed-v2", mark);
      // Everything that follows from the swap has happened once a later save has reloaded.
      const next = cli.mark;
      await writeFile(join(volume, stamp2, "same", "index.ts"), marker("same-edited"));
      await onlyReloadOf(cli, "same", "same-edited", next);
      const swap = cli.events.slice(mark, next).filter((e) => e.type !== "watcher:fallback");
      expect(swap.map((e) => `${e.type} ${e.plugin}`)).toEqual(["plugin:reloaded changed"]);
      expect(events.some((e) => e.type === "plugin:failed")).toBe(false);
      expect(await cli.stop("SIGINT")).toBe(0);
    }, 30_000);
  });
}
