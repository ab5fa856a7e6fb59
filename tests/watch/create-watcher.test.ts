import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { EventEmitter } from "node:events";
import {
  type FSWatcher,
  mkdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  watch,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { type CreateWatcherDeps, createFileWatcher } from "../../src/watch/create-watcher.ts";
import type { FileWatcher, WatchOptions } from "../../src/watch/file-watcher.ts";
import type { WatchFunction } from "../../src/watch/watch-function.ts";
import { Collector } from "./collect.ts";
import { makeTempRoot, removeTempRoot, write } from "./temp-root.ts";
import { TEST_POLL_INTERVAL } from "./watcher-suite.ts";

describe("createFileWatcher", () => {
  let root: string;
  let log: Collector;
  let watcher: FileWatcher | undefined;

  const start = async (extra: Partial<WatchOptions> = {}, deps: CreateWatcherDeps = {}) => {
    watcher = createFileWatcher(
      {
        root,
        pollInterval: TEST_POLL_INTERVAL,
        onEvent: log.onEvent,
        onFallback: log.onFallback,
        onError: log.onError,
        ...extra,
      },
      deps,
    );
    await watcher.watch();
    return watcher;
  };

  /** Events keep flowing: a new file is reported, whatever the backend. */
  const expectFlowing = async (name: string) => {
    const from = log.events.length;
    write(root, name, name);
    await log.waitForEvent(`created ${name}`, from);
  };

  beforeEach(() => {
    root = makeTempRoot();
    log = new Collector(root);
  });

  afterEach(async () => {
    await watcher?.close();
    watcher = undefined;
    removeTempRoot(root);
  });

  test("starts native and reports no fallback", async () => {
    const w = await start({}, { env: {} });
    expect(w.mode).toBe("native");
    expect(w.isWatching()).toBe(true);
    await expectFlowing("a.ts");
    expect(log.fallbacks).toEqual([]);
  });

  test("forcePoll polls from the start, reported as forced by --poll", async () => {
    const w = await start({ forcePoll: true });
    expect(w.mode).toBe("poll");
    expect(log.fallbacks).toEqual([{ from: "native", to: "poll", reason: "forced by --poll" }]);
    await expectFlowing("a.ts");
  });

  test("HOTPLUG_POLL=1 in process.env polls from the start", async () => {
    const previous = process.env.HOTPLUG_POLL;
    process.env.HOTPLUG_POLL = "1";
    try {
      const w = await start();
      expect(w.mode).toBe("poll");
      expect(log.fallbacks).toEqual([{ from: "native", to: "poll", reason: "HOTPLUG_POLL=1" }]);
    } finally {
      if (previous === undefined) delete process.env.HOTPLUG_POLL;
      else process.env.HOTPLUG_POLL = previous;
    }
    await expectFlowing("a.ts");
  });

  test("fs.watch throwing ENOSPC falls back to polling", async () => {
    const enospc: WatchFunction = () => {
      throw Object.assign(new Error("no space"), { code: "ENOSPC" });
    };
    const w = await start({}, { watch: enospc, env: {} });
    expect(w.mode).toBe("poll");
    expect(log.fallbacks).toEqual([
      { from: "native", to: "poll", reason: "ENOSPC: inotify watch limit reached" },
    ]);
    await expectFlowing("a.ts");
  });

  test("an EMFILE error event falls back to polling without losing changes", async () => {
    let real: FSWatcher | undefined;
    const failing: WatchFunction = (path, options, listener) => {
      real = watch(path, options, listener);
      return real;
    };
    const w = await start({}, { watch: failing, env: {} });
    expect(w.mode).toBe("native");
    real?.emit("error", Object.assign(new Error("too many"), { code: "EMFILE" }));
    // Written while the backends hand over: the poll backend diffs against native's snapshot.
    write(root, "during.ts", "x");
    await log.waitFor(() => log.fallbacks.length === 1);
    expect(log.fallbacks[0]).toEqual({
      from: "native",
      to: "poll",
      reason: "EMFILE: too many open files",
    });
    expect(w.mode).toBe("poll");
    await log.waitForEvent("created during.ts");
    await expectFlowing("after.ts");
  });

  test("the root removed: poll until it returns, then native again", async () => {
    write(root, "a.ts", "a");
    const w = await start({}, { env: {} });
    rmSync(root, { recursive: true });
    await log.waitFor(() => log.fallbacks.length === 1);
    expect(log.fallbacks[0]).toEqual({ from: "native", to: "poll", reason: "root removed" });
    expect(w.mode).toBe("poll");
    await log.waitForEvent("deleted a.ts");
    mkdirSync(root);
    writeFileSync(join(root, "b.ts"), "b");
    await log.waitFor(() => log.fallbacks.length === 2);
    expect(log.fallbacks[1]).toEqual({ from: "poll", to: "native", reason: "root restored" });
    expect(w.mode).toBe("native");
    await log.waitForEvent("created b.ts");
    writeFileSync(join(root, "b.ts"), "bb");
    await log.waitForEvent("modified b.ts");
    expect(await log.settle()).toEqual(["deleted a.ts", "created b.ts", "modified b.ts"]);
  });

  test("a root missing at start is polled for, then watched natively", async () => {
    const missing = root;
    root = join(missing, "later");
    log = new Collector(root);
    const w = await start({}, { env: {} });
    expect(log.fallbacks).toEqual([{ from: "native", to: "poll", reason: "root missing" }]);
    expect(w.mode).toBe("poll");
    write(root, "a.ts", "a");
    await log.waitFor(() => w.mode === "native" && log.seen().includes("created a.ts"));
    await expectFlowing("b.ts");
    root = missing;
  });

  test("native failing during its first walk: polling starts from its own walk, reporting nothing already there", async () => {
    write(root, "old.ts", "old");
    const handle = Object.assign(new EventEmitter(), { close() {} });
    const failing: WatchFunction = () => {
      // Before the walk's first await: native has no tree of its own to hand over yet.
      queueMicrotask(() => handle.emit("error", Object.assign(new Error("gone"), { code: "EIO" })));
      return handle as unknown as FSWatcher;
    };
    const w = await start({}, { watch: failing, env: {} });
    await log.waitFor(() => w.mode === "poll");
    await expectFlowing("new.ts");
    expect(log.seen().filter((line) => line.includes("old.ts"))).toEqual([]);
  });

  test("an injected handle that is a plain emitter is enough", async () => {
    const handle = Object.assign(new EventEmitter(), { close() {} });
    const w = await start({}, { watch: () => handle, env: {} });
    handle.emit("error", Object.assign(new Error("denied"), { code: "EPERM" }));
    await log.waitFor(() => log.fallbacks.length === 1);
    expect(log.fallbacks[0]?.reason).toBe("EPERM: operation not permitted");
    expect(w.mode).toBe("poll");
  });

  test.each([
    ["native", false],
    ["poll", true],
  ])(
    "a swapped root link reaches onRootChange through createFileWatcher (%s)",
    async (_mode, forcePoll) => {
      for (const n of ["1", "2"]) write(root, `releases/${n}/a.ts`, n);
      symlinkSync("releases/1", join(root, "current"));
      await start(
        { root: join(root, "current"), forcePoll, onRootChange: log.onRootChange },
        { env: {} },
      );
      symlinkSync("releases/2", join(root, "current.tmp"));
      renameSync(join(root, "current.tmp"), join(root, "current"));
      await log.waitFor(() => log.rootChanges.length === 1);
      expect(log.rootChanges[0]).toEqual({
        from: join(root, "releases/1"),
        to: join(root, "releases/2"),
      });
      writeFileSync(join(root, "releases/2/a.ts"), "22");
      await log.waitForEvent("modified releases/2/a.ts");
    },
  );

  test("close() is idempotent and watch() after it is a TypeError", async () => {
    const w = await start({}, { env: {} });
    await Promise.all([w.close(), w.stop()]);
    expect(w.isWatching()).toBe(false);
    await expect(w.watch()).rejects.toThrow("Cannot watch: the watcher is closed");
  });

  test("options are checked once, with TypeError and RangeError", () => {
    const onEvent = () => {};
    expect(() => createFileWatcher({ root: "", onEvent })).toThrow(TypeError);
    expect(() => createFileWatcher({ root, pollInterval: 0, onEvent })).toThrow(RangeError);
    const noListener = { root } as unknown as WatchOptions;
    expect(() => createFileWatcher(noListener)).toThrow("onEvent must be a function");
  });
});
