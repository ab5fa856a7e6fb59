import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, realpath, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ModuleGraph } from "../../src/plugin/loader/module-graph.ts";
import type { SourceState } from "../../src/plugin/source-state.ts";
import {
  INSTALL_QUIET_MS,
  InstallReloads,
  installQuietMs,
} from "../../src/reload/install-reloads.ts";
import type { Runtime } from "../../src/runtime/runtime.ts";
import { SerialLock } from "../../src/runtime/serial-lock.ts";
import { FakeClock } from "../schedule/fake-clock.ts";

let project: string;
beforeEach(async () => {
  project = await realpath(await mkdtemp(join(tmpdir(), "hotplug-installs-")));
});
afterEach(() => rm(project, { recursive: true, force: true }));

/** A read whose graph holds these packages, as the scanner notes them. */
const reading = (packages: ModuleGraph["packages"]): SourceState =>
  ({ graph: { entry: "", files: [], digests: new Map(), stats: new Map(), packages } }) as never;

function installs(pollInterval = 250) {
  const clock = new FakeClock();
  const evicted: string[][] = [];
  const reloads: { at: number; dir: string; packages: readonly string[] }[] = [];
  const runtime = {
    moduleLock: new SerialLock(),
    evictUnder: (folders: Iterable<string>) => void evicted.push([...folders].sort()),
  } as unknown as Runtime;
  const records = new Map<string, { read: SourceState | undefined; source: undefined }>();
  const reloader = new InstallReloads({
    clock,
    runtime,
    pollInterval,
    plugins: { byDir: (dir) => records.get(dir) },
    reload: (dir, packages) => void reloads.push({ at: clock.now(), dir, packages }),
  });
  return { clock, evicted, reloads, records, reloader };
}

describe("InstallReloads", () => {
  test("an install's many changes are one reload per importer, once it has been quiet", async () => {
    const { clock, evicted, reloads, reloader } = installs();
    const pkg = join(project, "node_modules", "tiny");
    for (let at = 0; at <= 200; at += 50) {
      clock.tick(at === 0 ? 0 : 50);
      reloader.changed(["/p/a", "/p/b"], pkg, "native");
    }
    clock.tick(INSTALL_QUIET_MS - 1);
    expect(reloads).toEqual([]);
    clock.tick(1);
    await reloader.drained();
    const at = 200 + INSTALL_QUIET_MS;
    expect(reloads).toEqual([
      { at, dir: "/p/a", packages: [pkg] },
      { at, dir: "/p/b", packages: [pkg] },
    ]);
    // The package is not there (nothing to resolve now), and no graph recorded it.
    expect(evicted).toEqual([[], []]);
  });

  test("before the reload, the package leaves the cache: the root the graph read and the one its link leads to now", async () => {
    const { clock, evicted, reloads, records, reloader } = installs();
    const store = join(project, "node_modules", ".store");
    const next = join(store, "tiny@2");
    await mkdir(next, { recursive: true });
    const path = join(project, "node_modules", "tiny");
    await symlink(next, path);
    records.set("/p/a", {
      read: reading([{ path, real: join(store, "tiny@1") }]),
      source: undefined,
    });
    reloader.changed(["/p/a"], path, "native");
    clock.tick(INSTALL_QUIET_MS);
    await reloader.drained();
    expect(evicted).toEqual([[join(store, "tiny@1"), next]]);
    expect(reloads).toMatchObject([{ dir: "/p/a", packages: [path] }]);
  });

  test("a polling watcher's install is quiet after two polls without news", async () => {
    expect(installQuietMs("native", 250)).toBe(INSTALL_QUIET_MS);
    expect(installQuietMs("poll", 50)).toBe(INSTALL_QUIET_MS);
    expect(installQuietMs("poll", 1000)).toBe(2000);
    const { clock, reloads, reloader } = installs(1000);
    reloader.changed(["/p/a"], "/p/node_modules/x", "poll");
    clock.tick(1999);
    expect(reloads).toEqual([]);
    clock.tick(1);
    await reloader.drained();
    expect(reloads).toMatchObject([{ at: 2000, dir: "/p/a" }]);
  });

  test("closed: what waits is dropped, and nothing reloads", async () => {
    const { clock, reloads, reloader } = installs();
    reloader.changed(["/p/a"], "/p/node_modules/x", "native");
    const drained = reloader.drained();
    reloader.close();
    clock.tick(INSTALL_QUIET_MS);
    await drained;
    expect(reloads).toEqual([]);
  });
});
