import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { FileWatcher, WatchOptions } from "../../src/watch/file-watcher.ts";
import { NativeWatcher } from "../../src/watch/native-watcher.ts";
import { PollWatcher } from "../../src/watch/poll-watcher.ts";
import { Collector } from "./collect.ts";
import { makeTempRoot, removeTempRoot, write } from "./temp-root.ts";

export type Backend = "native" | "poll";

export const TEST_POLL_INTERVAL = 25;

export function startBackend(
  backend: Backend,
  options: Omit<WatchOptions, "onEvent"> & { collector: Collector },
): FileWatcher {
  const { collector, ...rest } = options;
  const full: WatchOptions = {
    pollInterval: TEST_POLL_INTERVAL,
    ...rest,
    onEvent: collector.onEvent,
    onError: collector.onError,
  };
  return backend === "native" ? new NativeWatcher(full) : new PollWatcher(full);
}

const sorted = (list: string[]) => [...list].sort();

/** The behaviour both backends owe, run once per backend (chokidar's runTests idea). */
export function runWatcherSuite(backend: Backend): void {
  describe(`${backend} backend`, () => {
    let root: string;
    let log: Collector;
    let watcher: FileWatcher | undefined;

    const start = async (extra: Partial<WatchOptions> = {}) => {
      watcher = startBackend(backend, { root, collector: log, ...extra });
      await watcher.watch();
      return watcher;
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

    test("create, modify and delete in new nested folders", async () => {
      const w = await start();
      expect(w.mode).toBe(backend);
      expect(w.isWatching()).toBe(true);
      const file = write(root, "a/b/c/x.ts", "one");
      await log.waitForEvent("created a/b/c/x.ts");
      writeFileSync(file, "three");
      await log.waitForEvent("modified a/b/c/x.ts");
      rmSync(file);
      await log.waitForEvent("deleted a/b/c/x.ts");
      expect(await log.settle()).toEqual([
        "created a/b/c/x.ts",
        "modified a/b/c/x.ts",
        "deleted a/b/c/x.ts",
      ]);
    });

    test("an atomic save (temp file renamed over the target) is one modified", async () => {
      const target = write(root, "plugin/index.ts", "export default 1;");
      await start();
      writeFileSync(`${target}.tmp`, "export default 22;");
      renameSync(`${target}.tmp`, target);
      await log.waitForEvent("modified plugin/index.ts");
      expect(await log.settle()).toEqual(["modified plugin/index.ts"]);
    });

    test("sed -i is one modified of the target", async () => {
      const target = write(root, "config.ts", "const mode = 'one';\n");
      await start();
      const sed = spawnSync("sed", ["-i", "s/one/three/", target]);
      expect(sed.status).toBe(0);
      await log.waitForEvent("modified config.ts");
      // sed's own temp file has a random name that no default exclude can know.
      const onTarget = (await log.settle()).filter((d) => d.endsWith(" config.ts"));
      expect(onTarget).toEqual(["modified config.ts"]);
    });

    test("a folder deleted and created again", async () => {
      write(root, "dir/a.ts", "a");
      write(root, "dir/sub/b.ts", "b");
      await start();
      rmSync(join(root, "dir"), { recursive: true });
      await log.waitFor(() => log.seen().filter((d) => d.startsWith("deleted")).length === 2);
      write(root, "dir/a.ts", "again");
      await log.waitForEvent("created dir/a.ts");
      const seen = await log.settle();
      expect(sorted(seen.slice(0, 2))).toEqual(["deleted dir/a.ts", "deleted dir/sub/b.ts"]);
      expect(seen.slice(2)).toEqual(["created dir/a.ts"]);
    });

    test("excluded files produce nothing", async () => {
      await start();
      for (const rel of ["node_modules/x.js", ".git/HEAD", "a.swp", "4913", "x~", ".#x", "y.tmp"]) {
        write(root, rel, "ignored");
      }
      write(root, "deep/node_modules/pkg/index.js", "ignored");
      expect(await log.settle()).toEqual([]);
    });

    test("include globs limit events; user excludes add to the defaults", async () => {
      await start({ include: ["*.ts"], exclude: ["generated/**"] });
      write(root, "a.ts", "a");
      write(root, "b.js", "b");
      write(root, "sub/c.ts", "c");
      write(root, "generated/d.ts", "d");
      write(root, "e.ts.swp", "e");
      expect(sorted(await log.settle(0, root, ".ts"))).toEqual([
        "created a.ts",
        "created sub/c.ts",
      ]);
    });

    test("close() is idempotent, stops events, and forbids watching again", async () => {
      const w = await start();
      await Promise.all([w.close(), w.stop()]);
      await w.close();
      expect(w.isWatching()).toBe(false);
      const before = log.events.length;
      write(root, "late.ts", "late");
      // A second watcher's sentinel bounds the wait: by the time it reports, a closed watcher
      // that still listened would have reported late.ts too.
      const witness = new Collector(root);
      watcher = startBackend(backend, { root, collector: witness });
      await watcher.watch();
      await witness.settle();
      expect(log.events.length).toBe(before);
      await expect(w.watch()).rejects.toThrow(TypeError);
    });

    test("watch() twice arms once", async () => {
      const w = await start();
      await w.watch();
      write(root, "once.ts", "1");
      expect(await log.settle()).toEqual(["created once.ts"]);
    });

    test("a throwing listener goes to onError and does not stop the watcher", async () => {
      const options: WatchOptions = {
        root,
        pollInterval: TEST_POLL_INTERVAL,
        onEvent(event) {
          log.onEvent(event);
          if (event.path.endsWith("boom.ts")) throw new Error("listener bug");
        },
        onError: log.onError,
      };
      watcher = backend === "native" ? new NativeWatcher(options) : new PollWatcher(options);
      await watcher.watch();
      write(root, "boom.ts", "1");
      await log.waitFor(() => log.errors.length === 1);
      expect(await log.settle()).toEqual(["created boom.ts"]);
      expect(log.errors[0]?.message).toBe("listener bug");
    });
  });
}
