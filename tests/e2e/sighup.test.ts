// SIGHUP re-syncs with the disk, like nginx's reload: through the real CLI, mostly in `run`,
// which does not watch, so nothing but the signal can have caused what follows it.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdir, rename, rm, symlink, utimes, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { CliProcess, killLeftovers } from "../support/cli-process.ts";
import { PluginsDir } from "../support/plugin-fixture.ts";

let dir: PluginsDir;
let host: CliProcess | undefined;
beforeEach(async () => {
  dir = await PluginsDir.create();
});
afterEach(async () => {
  await killLeftovers();
  await dir.dispose();
});

const marker = (text: string) =>
  `export default { setup(ctx) { ctx.log.info("MARK ${text}"); return {}; } };\n`;

async function serve(root: string, command: "run" | "dev" = "run"): Promise<CliProcess> {
  host = CliProcess.cli([command, root, "--json", "--debounce", "20"]);
  await host.waitFor((e) => e.type === "host:ready", { timeoutMs: 20_000 });
  return host;
}

/** Sends SIGHUP; resolves with the events from then up to its host:synced. */
async function hangUp(cli: CliProcess) {
  const mark = cli.mark;
  cli.proc.kill("SIGHUP");
  const synced = await cli.waitFor((e) => e.type === "host:synced", { from: mark });
  return { synced, events: cli.events.slice(mark, cli.events.indexOf(synced)) };
}

const summary = (events: Record<string, unknown>[]) =>
  events
    .map(
      (e) =>
        `${e.type} ${e.plugin}${e.cause ? ` ${e.cause}` : ""}${e.reason ? ` ${e.reason}` : ""}`,
    )
    .sort();

describe("SIGHUP", () => {
  test("in run: one plugin edited, one added, one deleted: exactly those, then host:synced", async () => {
    for (const name of ["edited", "kept", "deleted"]) {
      await dir.plugin({ name, files: { "index.ts": marker(`${name}-1`) } });
    }
    const cli = await serve(dir.root);
    await dir.write("edited/index.ts", marker("edited-2"));
    await dir.plugin({ name: "added", files: { "index.ts": marker("added-1") } });
    await rm(dir.path("deleted"), { recursive: true });
    const { synced, events } = await hangUp(cli);
    expect(summary(events)).toEqual([
      "plugin:reloaded edited manual",
      "plugin:started added",
      "plugin:unloaded deleted deleted",
    ]);
    expect(synced).toMatchObject({
      reloaded: ["edited"],
      started: ["added"],
      unloaded: ["deleted"],
      failed: [],
      unchanged: 1,
    });
    await cli.waitForStderr("MARK edited-2");
    await cli.waitForStderr(
      "synced with the disk: reloaded edited; started added; unloaded deleted; 1 unchanged",
    );
    // The host keeps running: a second SIGHUP finds everything in line.
    expect((await hangUp(cli)).synced).toMatchObject({ reloaded: [], started: [], unchanged: 3 });
    expect(await cli.stop("SIGINT")).toBe(0);
  }, 30_000);

  test("with nothing changed on disk (a touch included): nothing reloads", async () => {
    await dir.plugin({ name: "alpha", files: { "index.ts": marker("alpha") } });
    await dir.plugin({ name: "beta", files: { "index.ts": marker("beta") } });
    const cli = await serve(dir.root);
    const later = new Date(Date.now() + 60_000);
    await utimes(dir.path("alpha", "index.ts"), later, later);
    const { synced, events } = await hangUp(cli);
    expect(events).toEqual([]);
    expect(synced).toMatchObject({
      reloaded: [],
      started: [],
      unloaded: [],
      failed: [],
      unchanged: 2,
    });
    expect(await cli.stop("SIGINT")).toBe(0);
  }, 30_000);

  test("two in a row give at most two syncs, and the disk's state runs", async () => {
    await dir.plugin({ name: "alpha", files: { "index.ts": marker("alpha-1") } });
    const cli = await serve(dir.root);
    await dir.write("alpha/index.ts", marker("alpha-2"));
    const mark = cli.mark;
    cli.proc.kill("SIGHUP");
    cli.proc.kill("SIGHUP");
    await cli.waitFor((e) => e.type === "host:synced", { from: mark });
    await cli.waitForStderr("MARK alpha-2");
    // A third, later, sync finds nothing to do: whatever the first two did, the disk runs.
    await hangUp(cli);
    const syncs = cli.events.slice(mark).filter((e) => e.type === "host:synced");
    expect(syncs.length).toBeGreaterThanOrEqual(2);
    expect(syncs.length).toBeLessThanOrEqual(3);
    expect(syncs.at(-1)).toMatchObject({ reloaded: [], unchanged: 1 });
    const reloads = cli.events.slice(mark).filter((e) => e.type === "plugin:reloaded");
    expect(reloads).toHaveLength(1);
    expect(await cli.stop("SIGINT")).toBe(0);
  }, 30_000);

  test("in run, after a `current` symlink swap: only the plugin that differs reloads", async () => {
    const base = dirname(dir.root);
    for (const release of ["1", "2"]) {
      const root = join(base, "releases", release);
      for (const name of ["same", "changed"]) {
        await mkdir(join(root, name), { recursive: true });
        await writeFile(
          join(root, name, "plugin.json"),
          JSON.stringify({ name, version: "1.0.0" }),
        );
        const text = name === "changed" ? `changed-r${release}` : "same";
        await writeFile(join(root, name, "index.ts"), marker(text));
      }
    }
    const current = join(base, "current");
    await symlink(join(base, "releases", "1"), current);
    const cli = await serve(current);
    await cli.waitForStderr("MARK changed-r1");
    // Capistrano's deploy: a new link, renamed over the old one in one step.
    await symlink(join(base, "releases", "2"), `${current}.tmp`);
    await rename(`${current}.tmp`, current);
    const { synced, events } = await hangUp(cli);
    expect(summary(events)).toEqual(["plugin:reloaded changed manual"]);
    expect(synced).toMatchObject({ reloaded: ["changed"], unchanged: 1 });
    await cli.waitForStderr("MARK changed-r2");
    expect(await cli.stop("SIGINT")).toBe(0);
  }, 30_000);

  test("in dev too", async () => {
    await dir.plugin({ name: "alpha", files: { "index.ts": marker("alpha") } });
    const cli = await serve(dir.root, "dev");
    expect((await hangUp(cli)).synced).toMatchObject({ reloaded: [], unchanged: 1 });
    expect(await cli.stop("SIGINT")).toBe(0);
  }, 30_000);
});
