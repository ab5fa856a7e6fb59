import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { PollWatcher } from "../../src/watch/poll-watcher.ts";
import { Collector } from "./collect.ts";
import { makeTempRoot, removeTempRoot, write } from "./temp-root.ts";
import { runWatcherSuite, TEST_POLL_INTERVAL } from "./watcher-suite.ts";

runWatcherSuite("poll");

describe("poll backend on its own", () => {
  let root: string;
  let log: Collector;
  let watcher: PollWatcher | undefined;

  const start = async () => {
    watcher = new PollWatcher({ root, pollInterval: TEST_POLL_INTERVAL, onEvent: log.onEvent });
    await watcher.watch();
  };

  beforeEach(() => {
    root = makeTempRoot();
    log = new Collector(root);
  });

  afterEach(async () => {
    await watcher?.close();
    removeTempRoot(root);
  });

  test("a rename is detected by inode: one renamed event with oldPath", async () => {
    write(root, "a.ts", "a");
    write(root, "b.ts", "b");
    await start();
    renameSync(join(root, "a.ts"), join(root, "renamed.ts"));
    mkdirSync(join(root, "moved"));
    renameSync(join(root, "b.ts"), join(root, "moved/b.ts"));
    expect((await log.settle()).sort()).toEqual([
      "renamed a.ts -> renamed.ts",
      "renamed b.ts -> moved/b.ts",
    ]);
    const event = log.events.find((e) => e.path === join(root, "renamed.ts"));
    expect(event).toMatchObject({ type: "renamed", oldPath: join(root, "a.ts") });
  });

  test("a missing root is an empty tree until it returns", async () => {
    write(root, "a.ts", "a");
    await start();
    rmSync(root, { recursive: true });
    await log.waitForEvent("deleted a.ts");
    write(root, "b.ts", "b");
    await log.waitForEvent("created b.ts");
    expect(await log.settle()).toEqual(["deleted a.ts", "created b.ts"]);
    expect(watcher?.isWatching()).toBe(true);
  });

  test("the interval is configurable and scans never overlap", async () => {
    watcher = new PollWatcher({ root, pollInterval: 5, onEvent: log.onEvent });
    await watcher.watch();
    for (let i = 0; i < 20; i++) write(root, `f${i}/x.ts`, "x".repeat(i));
    await log.waitFor(() => log.events.length >= 20);
    // Overlapping scans would diff against a stale snapshot and report a file twice.
    expect(await log.settle()).toHaveLength(20);
  });
});
