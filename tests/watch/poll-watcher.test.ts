import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
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

  test("a file edited in place that no one marked hot is seen within one cold cycle", async () => {
    for (let i = 0; i < 40; i++) write(root, `cold/f${i}.ts`, `export default ${i};`);
    await start();
    expect(watcher?.coldCycleMs).toBe(4 * TEST_POLL_INTERVAL);
    writeFileSync(join(root, "cold/f33.ts"), "export default 3333;", { flag: "r+" });
    await log.waitForEvent("modified cold/f33.ts");
    expect(await log.settle()).toEqual(["modified cold/f33.ts"]);
  });

  test("hotPaths is asked on every poll, and its files are checked on every poll", async () => {
    const file = write(root, "plugin/index.ts", "export default 1;");
    let asked = 0;
    watcher = new PollWatcher({
      root,
      pollInterval: TEST_POLL_INTERVAL,
      onEvent: log.onEvent,
      hotPaths: () => {
        asked++;
        return [file, join(root, "not/there.ts")];
      },
    });
    await watcher.watch();
    writeFileSync(file, "export default 2;", { flag: "r+" });
    await log.waitForEvent("modified plugin/index.ts");
    expect(asked).toBeGreaterThan(0);
  });

  test("an onError that throws during the first load: watch() rejects, close() resolves", async () => {
    writeFileSync(Buffer.concat([Buffer.from(`${root}/bad-`), Uint8Array.of(0xe9)]), "");
    watcher = new PollWatcher({
      root,
      pollInterval: TEST_POLL_INTERVAL,
      onEvent: log.onEvent,
      onError: () => {
        throw new Error("listener bug");
      },
    });
    await expect(watcher.watch()).rejects.toThrow("listener bug");
    expect(watcher.isWatching()).toBe(false);
    expect(await watcher.close()).toBeUndefined();
  });

  test("a freed inode reused by a new file of another size is a delete and a create", async () => {
    write(root, "a.ts", "aaaa");
    await start();
    rmSync(join(root, "a.ts"));
    write(root, "b.ts", "a different length");
    await log.waitFor(() => log.events.length >= 2);
    expect((await log.settle()).sort()).toEqual(["created b.ts", "deleted a.ts"]);
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
