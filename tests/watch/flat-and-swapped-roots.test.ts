// Two abilities the outside watch needs: a folder watched without recursion (its own files
// only), and a root whose folder an install swaps (renamed away, a new one renamed in) watched
// natively again at once, not at the next poll.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, renameSync, rmSync, watch, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createFileWatcher } from "../../src/watch/create-watcher.ts";
import type { FileWatcher } from "../../src/watch/file-watcher.ts";
import { NativeWatcher } from "../../src/watch/native-watcher.ts";
import { watchForReturn } from "../../src/watch/root-return.ts";
import type { WatchFunction } from "../../src/watch/watch-function.ts";
import { type Backend, useBackend } from "./backend-context.ts";
import { Collector } from "./collect.ts";
import { makeTempRoot, removeTempRoot, write } from "./temp-root.ts";

for (const backend of ["native", "poll"] as Backend[]) {
  describe(`${backend}: recursive: false`, () => {
    const t = useBackend(backend);

    test("reports the root's own files, never those of its folders, old or new", async () => {
      write(t.root, "sub/deep.ts", "deep");
      await t.start({ recursive: false });
      write(t.root, "sub/deep.ts", "deeper");
      write(t.root, "later/new.ts", "new");
      write(t.root, "own.ts", "own");
      await t.log.waitForEvent("created own.ts");
      expect(await t.log.settle()).toEqual(["created own.ts"]);
    });
  });
}

describe("a root swapped in place", () => {
  let parent: string;
  let root: string;
  let log: Collector;
  let watcher: FileWatcher | undefined;
  beforeEach(() => {
    parent = makeTempRoot();
    root = join(parent, "pkg");
    write(root, "index.js", "v1");
    write(root, "lib/a.js", "a1");
    log = new Collector(root);
  });
  afterEach(async () => {
    await watcher?.close();
    removeTempRoot(parent);
  });

  /** What `bun install` does to a package's folder: the new one is renamed into place. */
  const swap = () => {
    write(join(parent, ".tmp"), "index.js", "v2");
    write(join(parent, ".tmp"), "lib/a.js", "a2");
    renameSync(root, join(parent, ".old"));
    renameSync(join(parent, ".tmp"), root);
    rmSync(join(parent, ".old"), { recursive: true });
  };

  test("native: the new folder is watched at once, its differences reported, no failure", async () => {
    watcher = new NativeWatcher({ root, onEvent: log.onEvent, onError: log.onError });
    await watcher.watch();
    swap();
    await log.waitFor(() => log.seen().includes("modified lib/a.js"));
    writeFileSync(join(root, "index.js"), "v3");
    expect(await log.settle()).toEqual([
      "modified index.js",
      "modified lib/a.js",
      "modified index.js",
    ]);
    expect(log.errors).toEqual([]);
    expect(watcher.isWatching()).toBe(true);
  });

  test("a root that is gone for a while is watched natively as soon as it returns", async () => {
    // Polls too rare to matter: only the watch on the folder above can bring native back.
    watcher = createFileWatcher(
      { root, pollInterval: 60_000, onEvent: log.onEvent, onFallback: log.onFallback },
      { env: {} },
    );
    await watcher.watch();
    renameSync(root, join(parent, ".old"));
    await log.waitFor(() => log.fallbacks.length === 1);
    expect(watcher.mode).toBe("poll");
    mkdirSync(root);
    writeFileSync(join(root, "index.js"), "v2");
    await log.waitFor(() => log.fallbacks.length === 2);
    expect(log.fallbacks).toEqual([
      { from: "native", to: "poll", reason: "root removed" },
      { from: "poll", to: "native", reason: "root restored" },
    ]);
    await log.waitForEvent("created index.js");
    write(root, "lib/b.js", "b");
    await log.waitForEvent("created lib/b.js");
  });
});

describe("watchForReturn", () => {
  let parent: string;
  beforeEach(() => {
    parent = makeTempRoot();
  });
  afterEach(() => removeTempRoot(parent));

  const watchFs: WatchFunction = (path, options, listener) => watch(path, options, listener);

  /** Waits until `done()`, looking every few ms, failing at the deadline. */
  const until = async (done: () => boolean, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`not done within ${timeoutMs} ms`);
      await new Promise((wake) => setTimeout(wake, 5));
    }
  };

  test("calls back once a folder is back at the path: other names and a file there do not count", async () => {
    const root = join(parent, "pkg");
    let calls = 0;
    const close = watchForReturn(root, watchFs, () => calls++);
    mkdirSync(join(parent, "other"));
    writeFileSync(root, "a file, not the folder");
    // A second watch on the same folder, called after the first has seen the entries above.
    let sentinel = false;
    const closeSentinel = watchForReturn(join(parent, "sentinel"), watchFs, () => {
      sentinel = true;
    });
    mkdirSync(join(parent, "sentinel"));
    await until(() => sentinel);
    expect(calls).toBe(0);
    rmSync(root);
    mkdirSync(root);
    await until(() => calls === 1);
    close();
    close();
    closeSentinel();
  });

  test("a folder above that is gone or cannot be watched: nothing is watched, nothing throws", () => {
    const calls: string[] = [];
    const closeGone = watchForReturn(join(parent, "gone", "pkg"), watchFs, () =>
      calls.push("gone"),
    );
    const closeFailing = watchForReturn(
      join(parent, "pkg"),
      () => {
        throw Object.assign(new Error("no"), { code: "ENOSPC" });
      },
      () => calls.push("failing"),
    );
    closeGone();
    closeFailing();
    expect(calls).toEqual([]);
  });
});
