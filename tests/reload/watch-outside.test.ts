// The watch on what the graphs reach outside the plugins folder, on its own: real folders and
// real watchers, plugins stood in for by their records' files and graphs.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, realpathSync, renameSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import type { InstalledPackage } from "../../src/plugin/loader/installed-package.ts";
import type { SourceState } from "../../src/plugin/source-state.ts";
import {
  type GraphHolder,
  watchOutside as hostOutsideWatch,
  OutsideWatch,
} from "../../src/reload/watch-outside.ts";
import { createBunRuntime } from "../../src/runtime/bun-runtime.ts";
import { systemClock } from "../../src/schedule/clock.ts";
import type { FileEvent } from "../../src/watch/file-event.ts";
import type { WatchMode } from "../../src/watch/file-watcher.ts";
import type { WatchFunction } from "../../src/watch/watch-function.ts";
import { capturingLogger } from "../support/capture-log.ts";
import { Collector } from "../watch/collect.ts";
import { makeTempRoot, removeTempRoot, write } from "../watch/temp-root.ts";

let project: string;
let outside: OutsideWatch | undefined;
beforeEach(() => {
  project = realpathSync(makeTempRoot());
  mkdirSync(join(project, "plugins"));
});
afterEach(async () => {
  await outside?.close();
  outside = undefined;
  removeTempRoot(project);
});

const reading = (packages: InstalledPackage[] = []): SourceState =>
  ({ graph: { entry: "", files: [], digests: new Map(), stats: new Map(), packages } }) as never;

/** A plugin of the project whose graph holds these files (relative to it) and packages. */
const plugin = (name: string, files: string[], packages: InstalledPackage[] = []): GraphHolder => ({
  name,
  dir: join(project, "plugins", name),
  files: [join(project, "plugins", name, "index.ts"), ...files.map((f) => join(project, f))],
  read: reading(packages),
  source: undefined,
});

function watchOutside(records: GraphHolder[], watch?: WatchFunction) {
  const events: { path: string; mode: WatchMode }[] = [];
  const armed: string[][] = [];
  const installed: { dir: string; packages: readonly string[] }[] = [];
  const log = new Collector(project);
  const capture = capturingLogger();
  const plugins = {
    list: records,
    records: () => plugins.list,
    byDir: (dir: string) => plugins.list.find((r) => r.dir === dir),
    realDir: join(project, "plugins"),
  };
  outside = new OutsideWatch(
    {
      poll: false,
      pollInterval: 25,
      cwd: project,
      logger: capture.logger,
      clock: systemClock,
      runtime: createBunRuntime(),
    },
    plugins,
    {
      onEvent: (event: FileEvent, mode: WatchMode) => {
        events.push({ path: event.path, mode });
        log.onEvent(event);
      },
      onArmed: (dirs) => void armed.push([...dirs].sort()),
      onInstalled: (dir, packages) => {
        installed.push({ dir, packages });
        log.onEvent({ type: "modified", path: dir, time: 0 });
      },
    },
    watch ? { watch } : {},
  );
  return { outside, plugins, events, armed, installed, log, capture };
}

describe("outside folders", () => {
  test("a folder two plugins import from is watched once; a graph file's edit is an event", async () => {
    write(project, "libs/shared/index.ts", "1");
    write(project, "lib/x.ts", "1");
    const t = watchOutside([
      plugin("a", ["libs/shared/index.ts", "lib/x.ts"]),
      plugin("b", ["libs/shared/index.ts"]),
    ]);
    await t.outside.update();
    expect(t.outside.watched.folders.sort()).toEqual([
      join(project, "lib"),
      join(project, "libs", "shared"),
    ]);
    expect(t.armed).toEqual([[join(project, "plugins", "a"), join(project, "plugins", "b")]]);
    write(project, "libs/shared/index.ts", "2");
    await t.log.waitForEvent("modified libs/shared/index.ts");
    expect(t.events).toEqual([{ path: join(project, "libs/shared/index.ts"), mode: "native" }]);
  });

  test("a folder no graph reaches any more is no longer watched; unchanged records change nothing", async () => {
    write(project, "libs/shared/index.ts", "1");
    write(project, "lib/x.ts", "1");
    const t = watchOutside([plugin("a", ["libs/shared/index.ts", "lib/x.ts"])]);
    await t.outside.update();
    const shared = t.outside.watcherOf(join(project, "libs", "shared"));
    const lib = t.outside.watcherOf(join(project, "lib"));
    await t.outside.update();
    expect(t.outside.watcherOf(join(project, "lib"))).toBe(lib);
    t.plugins.list = [plugin("a", ["libs/shared/index.ts"])];
    await t.outside.update();
    expect(t.outside.watched.folders).toEqual([join(project, "libs", "shared")]);
    expect(t.outside.watcherOf(join(project, "libs", "shared"))).toBe(shared);
    expect(lib?.isWatching()).toBe(false);
    // Only newly watched folders are news: no second onArmed.
    expect(t.armed).toHaveLength(1);
  });

  test("files inside the plugins folder, or installed, are not the outside watch's", async () => {
    const t = watchOutside([plugin("a", ["plugins/_shared/util.ts", "node_modules/x/index.js"])]);
    await t.outside.update();
    expect(t.outside.watched).toEqual({ folders: [], packages: [] });
  });

  test("native watching fails: the folder is polled, edits still arrive, and the log says so", async () => {
    write(project, "libs/shared/index.ts", "1");
    const failing: WatchFunction = () => {
      throw Object.assign(new Error("ENOSPC: System limit for number of file watchers reached"), {
        code: "ENOSPC",
      });
    };
    const t = watchOutside([plugin("a", ["libs/shared/index.ts"])], failing);
    await t.outside.update();
    expect(t.outside.watcherOf(join(project, "libs", "shared"))?.mode).toBe("poll");
    expect(t.capture.about("watcher:")).toEqual([
      "warn watcher: libs/shared: native -> poll: ENOSPC: inotify watch limit reached",
    ]);
    write(project, "libs/shared/index.ts", "2");
    await t.log.waitForEvent("modified libs/shared/index.ts");
    expect(t.events.at(-1)?.mode).toBe("poll");
  });
});

describe("installed packages", () => {
  test("a package swapped by an install: each importer once, after it is quiet; others never", async () => {
    const path = join(project, "node_modules", "tiny");
    write(path, "package.json", '{"version":"1.0.0"}');
    write(path, "lib/a.js", "1");
    const pkg = { path, real: path };
    const t = watchOutside([plugin("a", [], [pkg]), plugin("b", [], [pkg]), plugin("c", [])]);
    await t.outside.update();
    expect(t.outside.watched.packages).toEqual([path]);
    // What bun install does: the new version's folder renamed into place.
    write(join(project, "node_modules", ".tmp"), "package.json", '{"version":"1.0.1"}');
    write(join(project, "node_modules", ".tmp"), "lib/a.js", "2");
    renameSync(path, join(project, "node_modules", ".old"));
    renameSync(join(project, "node_modules", ".tmp"), path);
    await t.log.waitFor(() => t.installed.length === 2);
    await t.outside.idle();
    expect(t.installed.sort((x, y) => x.dir.localeCompare(y.dir))).toEqual([
      { dir: join(project, "plugins", "a"), packages: [path] },
      { dir: join(project, "plugins", "b"), packages: [path] },
    ]);
    expect(t.events).toEqual([]);
    // Their comings and goings are routine: said at debug level only.
    expect(t.capture.about("watcher:").every((line) => line.startsWith("debug"))).toBe(true);
  });

  test("a package link re-pointed by an isolated install: its importer reloads", async () => {
    const store = join(project, "node_modules", ".store");
    write(join(store, "tiny@1"), "index.js", "1");
    write(join(store, "tiny@2"), "index.js", "2");
    const path = join(project, "node_modules", "tiny");
    symlinkSync(join(store, "tiny@1"), path);
    const t = watchOutside([plugin("a", [], [{ path, real: join(store, "tiny@1") }])]);
    await t.outside.update();
    symlinkSync(join(store, "tiny@2"), `${path}.tmp`);
    renameSync(`${path}.tmp`, path);
    await t.log.waitFor(() => t.installed.length === 1);
    expect(t.installed).toEqual([{ dir: join(project, "plugins", "a"), packages: [path] }]);
  });

  test("a package no plugin imports any more is no longer watched", async () => {
    const path = join(project, "node_modules", "tiny");
    write(path, "index.js", "1");
    const t = watchOutside([plugin("a", [], [{ path, real: path }])]);
    await t.outside.update();
    const watcher = t.outside.watcherOf(path);
    t.plugins.list = [plugin("a", [])];
    await t.outside.update();
    expect(t.outside.watched.packages).toEqual([]);
    expect(watcher?.isWatching()).toBe(false);
  });
});

test("the host's outside watch: files read before their folder was watched and changed since reload", async () => {
  write(project, "libs/shared/index.ts", "1");
  const records = [plugin("a", ["libs/shared/index.ts"]), plugin("b", ["libs/shared/index.ts"])];
  const changed: [string, string[]][] = [];
  const manager = {
    records: () => records,
    byDir: (dir: string) => records.find((r) => r.dir === dir),
    realDir: join(project, "plugins"),
    // Only a's bytes moved between its read and the watcher's first look.
    changedSinceRead: (dir: string) =>
      dir.endsWith("a") ? [join(project, "libs/shared/index.ts")] : [],
  };
  const jobs = {
    changed: (dir: string, files: string[]) => void changed.push([dir, files]),
    installed() {},
  };
  const { logger } = capturingLogger();
  outside = hostOutsideWatch(
    {
      poll: false,
      pollInterval: 25,
      cwd: project,
      logger,
      clock: systemClock,
      runtime: createBunRuntime(),
    },
    manager as never,
    jobs as never,
    () => {},
  );
  await outside.update();
  expect(changed).toEqual([
    [join(project, "plugins", "a"), [join(project, "libs/shared/index.ts")]],
  ]);
});
