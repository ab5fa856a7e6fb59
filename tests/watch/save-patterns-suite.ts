import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import {
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FileEvent } from "../../src/watch/file-event.ts";
import { type Backend, useBackend } from "./backend-context.ts";
import { removeTempRoot, write } from "./temp-root.ts";

const TARGET = "plugin/index.ts";

/** The events about `rel` alone: a tool's own temp names are its business. */
const about = (seen: string[], rel: string) => seen.filter((d) => d.endsWith(` ${rel}`));

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")}: ${result.stderr}`);
}

/**
 * What editors and tools really do to a file, replayed with the same syscalls (or the tool
 * itself), and what each backend must report: one `modified` of the file, whatever the
 * temp names, inode numbers and timestamps did on the way.
 */
export function runSavePatternSuite(backend: Backend): void {
  describe(`${backend} backend: how tools save`, () => {
    const ctx = useBackend(backend);
    const target = () => join(ctx.root, TARGET);

    /** Starts watching a tree holding TARGET; resolves with the target's path. */
    const startWith = async (content = "export default 1;\n") => {
      write(ctx.root, TARGET, content);
      await ctx.start();
      return target();
    };

    test("vim: 4913 probe, original renamed to name~, new file written, backup deleted", async () => {
      const file = await startWith();
      const probe = join(ctx.root, "plugin/4913");
      writeFileSync(probe, "");
      rmSync(probe);
      renameSync(file, `${file}~`);
      writeFileSync(file, "export default 22;\n");
      rmSync(`${file}~`);
      await ctx.log.waitForEvent(`modified ${TARGET}`);
      expect(await ctx.log.settle()).toEqual([`modified ${TARGET}`]);
    });

    test("JetBrains safe write: ___jb_tmp___ written, original to ___jb_old___, tmp renamed", async () => {
      const file = await startWith();
      writeFileSync(`${file}___jb_tmp___`, "export default 22;\n");
      renameSync(file, `${file}___jb_old___`);
      renameSync(`${file}___jb_tmp___`, file);
      rmSync(`${file}___jb_old___`);
      await ctx.log.waitForEvent(`modified ${TARGET}`);
      expect(await ctx.log.settle()).toEqual([`modified ${TARGET}`]);
    });

    test("rsync: .name.XXXXXX written, its mtime set to the source's old one, renamed over", async () => {
      const file = await startWith("export default 1;\n");
      const old = statSync(file);
      const temp = join(ctx.root, "plugin/.index.ts.Xq3zPa");
      writeFileSync(temp, "export default 2;\n"); // same length
      utimesSync(temp, old.atime, old.mtime);
      renameSync(temp, file);
      await ctx.log.waitForEvent(`modified ${TARGET}`);
      expect(about(await ctx.log.settle(), TARGET)).toEqual([`modified ${TARGET}`]);
    });

    test("tar -x of an older copy of the file", async () => {
      const staging = join(tmpdir(), `hotplug-tar-${process.pid}-${Date.now()}`);
      try {
        write(staging, TARGET, "export default 0;\n");
        run("touch", ["-d", "2020-01-01 00:00:00", join(staging, TARGET)]);
        run("tar", ["-cf", join(staging, "old.tar"), "-C", staging, "plugin"]);
        const file = await startWith();
        run("tar", ["-xf", join(staging, "old.tar"), "-C", ctx.root]);
        await ctx.log.waitForEvent(`modified ${TARGET}`);
        expect(about(await ctx.log.settle(), TARGET)).toEqual([`modified ${TARGET}`]);
        expect(readFileSync(file, "utf8")).toBe("export default 0;\n");
      } finally {
        removeTempRoot(staging);
      }
    });

    test("touch -d after a same-length rewrite: mtime and size as before, only ctime moved", async () => {
      write(ctx.root, TARGET, "export default 1;\n");
      run("touch", ["-d", "2020-01-01 00:00:00", target()]);
      const before = statSync(target());
      await ctx.start();
      writeFileSync(target(), "export default 2;\n");
      run("touch", ["-d", "2020-01-01 00:00:00", target()]);
      const after = statSync(target());
      expect([after.ino, after.size, after.mtimeMs]).toEqual([
        before.ino,
        before.size,
        before.mtimeMs,
      ]);
      await ctx.log.waitForEvent(`modified ${TARGET}`);
      expect(await ctx.log.settle()).toEqual([`modified ${TARGET}`]);
    });

    test("two same-length writes within one timestamp tick: the second is reported", async () => {
      const file = await startWith("export default 1;\n");
      let wroteAt = -1;
      ctx.log.duringEvent = (event: FileEvent) => {
        if (wroteAt !== -1 || event.path !== file) return;
        // Right after the watcher's look at the first write: same tick, same length.
        wroteAt = ctx.log.events.length;
        writeFileSync(file, "export default 3;\n");
      };
      writeFileSync(file, "export default 2;\n");
      await ctx.log.waitFor(
        () => wroteAt !== -1 && ctx.log.seen(wroteAt).includes(`modified ${TARGET}`),
      );
    });

    test("an atomic-save loop whose temp files reuse the inodes just freed", async () => {
      const file = await startWith("export default 100;\n");
      const inodes: number[] = [statSync(file).ino];
      const saves = 20;
      let lastSaveAt = -1;
      const save = (n: number) => {
        writeFileSync(`${file}.tmp`, `export default ${n};\n`); // same length every time
        renameSync(`${file}.tmp`, file);
        inodes.push(statSync(file).ino);
      };
      ctx.log.duringEvent = (event: FileEvent) => {
        if (event.path !== file || inodes.length > saves) return;
        save(100 + inodes.length); // at once, as soon as the previous save was reported
        if (inodes.length > saves) lastSaveAt = ctx.log.events.length;
      };
      save(101);
      // Every save after the last reported one is reported too: the last one included.
      await ctx.log.waitFor(
        () => lastSaveAt !== -1 && ctx.log.seen(lastSaveAt).includes(`modified ${TARGET}`),
      );
      // ext4 hands the inode just freed to the next temp file, so the numbers repeat; not
      // asserted, as another process on the machine may take a freed inode first.
    });

    test("two atomic saves right after the first look: inode, size and maybe stamps repeat", async () => {
      // Written and looked at within a few ms: the look is racy, so the content is hashed.
      // Two saves later the file is usually back on its first inode (ext4 reuses the one
      // just freed), with the same size.
      write(ctx.root, TARGET, "export default 1;\n");
      await ctx.start();
      const file = target();
      for (const n of [2, 3]) {
        writeFileSync(`${file}.tmp`, `export default ${n};\n`);
        renameSync(`${file}.tmp`, file);
      }
      await ctx.log.waitForEvent(`modified ${TARGET}`);
      expect(await ctx.log.settle()).toEqual([`modified ${TARGET}`]);
    });

    test("a folder of files moved in by one rename is reported file by file", async () => {
      await ctx.start();
      const outside = join(ctx.root, "..", `hotplug-move-${process.pid}-${Date.now()}`);
      try {
        write(outside, "plugin.json", "{}");
        write(outside, "lib/util.ts", "export {};");
        mkdirSync(join(ctx.root, "plugins"));
        renameSync(outside, join(ctx.root, "plugins/moved"));
        await ctx.log.waitFor(() => ctx.log.events.length >= 2);
        expect((await ctx.log.settle()).sort()).toEqual([
          "created plugins/moved/lib/util.ts",
          "created plugins/moved/plugin.json",
        ]);
      } finally {
        removeTempRoot(outside);
      }
    });
  });
}
