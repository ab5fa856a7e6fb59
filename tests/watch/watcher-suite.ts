import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BackendHooks } from "../../src/watch/backend.ts";
import type { WatchOptions } from "../../src/watch/file-watcher.ts";
import { NativeWatcher } from "../../src/watch/native-watcher.ts";
import { PollWatcher } from "../../src/watch/poll-watcher.ts";
import {
  type Backend,
  sorted,
  startBackend,
  TEST_POLL_INTERVAL,
  useBackend,
} from "./backend-context.ts";
import { Collector } from "./collect.ts";
import { runLinksSuite } from "./links-suite.ts";
import { runSavePatternSuite } from "./save-patterns-suite.ts";
import { write } from "./temp-root.ts";

export { type Backend, startBackend, TEST_POLL_INTERVAL } from "./backend-context.ts";

/** The behaviour both backends owe, run once per backend (chokidar's runTests idea). */
export function runWatcherSuite(backend: Backend): void {
  describe(`${backend} backend`, () => {
    const ctx = useBackend(backend);
    const start = (extra?: Partial<WatchOptions>, hooks?: BackendHooks) => ctx.start(extra, hooks);

    test("create, modify and delete in new nested folders", async () => {
      const w = await start();
      expect(w.mode).toBe(backend);
      expect(w.isWatching()).toBe(true);
      const file = write(ctx.root, "a/b/c/x.ts", "one");
      await ctx.log.waitForEvent("created a/b/c/x.ts");
      writeFileSync(file, "three");
      await ctx.log.waitForEvent("modified a/b/c/x.ts");
      rmSync(file);
      await ctx.log.waitForEvent("deleted a/b/c/x.ts");
      expect(await ctx.log.settle()).toEqual([
        "created a/b/c/x.ts",
        "modified a/b/c/x.ts",
        "deleted a/b/c/x.ts",
      ]);
    });

    test("an atomic save (temp file renamed over the target) is one modified", async () => {
      const target = write(ctx.root, "plugin/index.ts", "export default 1;");
      await start();
      writeFileSync(`${target}.tmp`, "export default 22;");
      renameSync(`${target}.tmp`, target);
      await ctx.log.waitForEvent("modified plugin/index.ts");
      expect(await ctx.log.settle()).toEqual(["modified plugin/index.ts"]);
    });

    test("sed -i is one modified of the target", async () => {
      const target = write(ctx.root, "config.ts", "const mode = 'one';\n");
      await start();
      const sed = spawnSync("sed", ["-i", "s/one/three/", target]);
      expect(sed.status).toBe(0);
      await ctx.log.waitForEvent("modified config.ts");
      // sed's own temp file has a random name that no default exclude can know.
      const onTarget = (await ctx.log.settle()).filter((d) => d.endsWith(" config.ts"));
      expect(onTarget).toEqual(["modified config.ts"]);
    });

    test("a folder deleted and created again", async () => {
      write(ctx.root, "dir/a.ts", "a");
      write(ctx.root, "dir/sub/b.ts", "b");
      await start();
      rmSync(join(ctx.root, "dir"), { recursive: true });
      await ctx.log.waitFor(
        () => ctx.log.seen().filter((d) => d.startsWith("deleted")).length === 2,
      );
      write(ctx.root, "dir/a.ts", "again");
      await ctx.log.waitForEvent("created dir/a.ts");
      const seen = await ctx.log.settle();
      expect(sorted(seen.slice(0, 2))).toEqual(["deleted dir/a.ts", "deleted dir/sub/b.ts"]);
      expect(seen.slice(2)).toEqual(["created dir/a.ts"]);
    });

    test("excluded files produce nothing", async () => {
      await start();
      for (const rel of ["node_modules/x.js", ".git/HEAD", "a.swp", "4913", "x~", ".#x", "y.tmp"]) {
        write(ctx.root, rel, "ignored");
      }
      write(ctx.root, "deep/node_modules/pkg/index.js", "ignored");
      expect(await ctx.log.settle()).toEqual([]);
    });

    test("include globs limit events; user excludes add to the defaults", async () => {
      await start({ include: ["*.ts"], exclude: ["generated/**"] });
      write(ctx.root, "a.ts", "a");
      write(ctx.root, "b.js", "b");
      write(ctx.root, "sub/c.ts", "c");
      write(ctx.root, "generated/d.ts", "d");
      write(ctx.root, "e.ts.swp", "e");
      expect(sorted(await ctx.log.settle(0, ctx.root, ".ts"))).toEqual([
        "created a.ts",
        "created sub/c.ts",
      ]);
    });

    test("close() is idempotent, stops events, and forbids watching again", async () => {
      const w = await start();
      await Promise.all([w.close(), w.stop()]);
      await w.close();
      expect(w.isWatching()).toBe(false);
      const before = ctx.log.events.length;
      write(ctx.root, "late.ts", "late");
      // A second watcher's sentinel bounds the wait: by the time it reports, a closed watcher
      // that still listened would have reported late.ts too.
      const witness = new Collector(ctx.root);
      const second = startBackend(backend, { root: ctx.root, collector: witness });
      ctx.keep(second);
      await second.watch();
      await witness.settle();
      expect(ctx.log.events.length).toBe(before);
      await expect(w.watch()).rejects.toThrow(TypeError);
    });

    test("watch() twice arms once", async () => {
      const w = await start();
      await w.watch();
      write(ctx.root, "once.ts", "1");
      expect(await ctx.log.settle()).toEqual(["created once.ts"]);
    });

    test("a handed-over record with the same stat but other bytes is reported modified", async () => {
      // What a backend hands the next when it looked within a timestamp tick of a save: the
      // stat it saw, and the digest of the bytes it read. The bytes have changed since.
      const file = write(ctx.root, "index.ts", "export default 2;\n");
      const st = statSync(file);
      const seen = {
        dev: st.dev,
        ino: st.ino,
        size: st.size,
        mtimeMs: st.mtimeMs,
        ctimeMs: st.ctimeMs,
      };
      const files = new Map([
        [file, { ...seen, target: undefined, digest: "digest of version 1" }],
      ]);
      await start({}, { seed: { root: ctx.root, files, undecodable: new Set() } });
      await ctx.log.waitForEvent("modified index.ts");
      expect(await ctx.log.settle()).toEqual(["modified index.ts"]);
    });

    test("a throwing listener goes to onError and does not stop the watcher", async () => {
      const options: WatchOptions = {
        root: ctx.root,
        pollInterval: TEST_POLL_INTERVAL,
        onEvent(event) {
          ctx.log.onEvent(event);
          if (event.path.endsWith("boom.ts")) throw new Error("listener bug");
        },
        onError: ctx.log.onError,
      };
      const watcher = backend === "native" ? new NativeWatcher(options) : new PollWatcher(options);
      ctx.keep(watcher);
      await watcher.watch();
      write(ctx.root, "boom.ts", "1");
      await ctx.log.waitFor(() => ctx.log.errors.length === 1);
      expect(await ctx.log.settle()).toEqual(["created boom.ts"]);
      expect(ctx.log.errors[0]?.message).toBe("listener bug");
    });
  });
  runSavePatternSuite(backend);
  runLinksSuite(backend);
}
