import { afterEach, expect, test } from "bun:test";
import type { FileEvent } from "../../src/watch/file-event.ts";
import { PollWatcher } from "../../src/watch/poll-watcher.ts";
import { makeTempRoot, removeTempRoot, write } from "./temp-root.ts";

let root: string;
let watcher: PollWatcher | undefined;
afterEach(async () => {
  await watcher?.close();
  removeTempRoot(root);
});

test("an onEvent listener that throws, with no onError, does not stop the watcher", async () => {
  root = makeTempRoot();
  const seen: string[] = [];
  let second: () => void = () => {};
  const gotSecond = new Promise<void>((resolve) => {
    second = resolve;
  });
  watcher = new PollWatcher({
    root,
    pollInterval: 20,
    onEvent(event: FileEvent) {
      seen.push(event.path);
      if (seen.length === 1) throw new Error("listener bug");
      second();
    },
  });
  await watcher.watch();
  write(root, "a.txt", "1");
  const deadline = setTimeout(() => second(), 5000);
  const firstSeen = async () => {
    while (seen.length === 0) await new Promise((r) => setTimeout(r, 5));
  };
  await firstSeen();
  write(root, "b.txt", "2");
  await gotSecond;
  clearTimeout(deadline);
  expect(seen.length).toBeGreaterThanOrEqual(2);
  expect(watcher.isWatching()).toBe(true);
});
