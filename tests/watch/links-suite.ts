import { describe, expect, test } from "bun:test";
import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { WatchError } from "../../src/watch/watch-error.ts";
import { type Backend, sorted, useBackend } from "./backend-context.ts";
import { write } from "./temp-root.ts";

const OLD = "..2026_12_01_10_00_00.123";
const NEW = "..2026_12_01_10_05_00.456";

/** A path made of bytes, for names that are not UTF-8. */
const bytesPath = (...parts: (string | Uint8Array)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : p)));

/** Deploys and names: symlink swaps of the root and inside it, and names that are not UTF-8. */
export function runLinksSuite(backend: Backend): void {
  describe(`${backend} backend: links and names`, () => {
    const ctx = useBackend(backend);

    test("Capistrano: `current` re-pointed by ln -s + mv -T moves the watcher to the new release", async () => {
      const base = ctx.root;
      for (const n of ["1", "2"])
        write(base, `releases/${n}/greeter/index.ts`, `export default ${n};`);
      symlinkSync("releases/1", join(base, "current"));
      await ctx.start({ root: join(base, "current") });
      // Events name real paths, under the current release.
      writeFileSync(join(base, "releases/1/greeter/index.ts"), "export default 11;");
      await ctx.log.waitForEvent("modified releases/1/greeter/index.ts");
      const beforeSwap = ctx.log.events.length;
      symlinkSync("releases/2", join(base, "current.tmp"));
      renameSync(join(base, "current.tmp"), join(base, "current"));
      await ctx.log.waitFor(() => ctx.log.rootChanges.length === 1);
      expect(ctx.log.rootChanges).toEqual([
        { from: join(base, "releases/1"), to: join(base, "releases/2") },
      ]);
      // A fresh baseline: no created/deleted flood for the swap.
      expect(ctx.log.events.length).toBe(beforeSwap);
      writeFileSync(join(base, "releases/1/greeter/index.ts"), "export default 111;");
      writeFileSync(join(base, "releases/2/greeter/index.ts"), "export default 22;");
      await ctx.log.waitForEvent("modified releases/2/greeter/index.ts", beforeSwap);
      const after = await ctx.log.settle(beforeSwap, join(base, "releases/2"));
      expect(after).toEqual(["modified releases/2/greeter/index.ts"]);
    });

    test("the root's link removed: everything under it is deleted, as for a removed root", async () => {
      write(ctx.root, "releases/1/a.ts", "a");
      symlinkSync("releases/1", join(ctx.root, "current"));
      await ctx.start({ root: join(ctx.root, "current") });
      rmSync(join(ctx.root, "current"));
      await ctx.log.waitForEvent("deleted releases/1/a.ts");
      if (backend === "native") {
        await ctx.log.waitFor(() => ctx.log.errors.length === 1);
        expect(ctx.log.errors[0]).toMatchObject({ code: "WATCH_ROOT_REMOVED" });
      }
      expect(ctx.log.seen()).toEqual(["deleted releases/1/a.ts"]);
    });

    test("a Kubernetes ConfigMap update: new ..timestamp folder, ..data_tmp renamed over ..data", async () => {
      const { root } = ctx;
      write(root, `${OLD}/greeter/index.ts`, "export default 1;");
      write(root, `${OLD}/greeter/plugin.json`, '{"name":"greeter"}');
      symlinkSync(OLD, join(root, "..data"));
      symlinkSync("..data/greeter", join(root, "greeter"));
      await ctx.start();
      // The kubelet's atomic writer, step by step.
      write(root, `${NEW}/greeter/index.ts`, "export default 2;");
      write(root, `${NEW}/greeter/plugin.json`, '{"name":"greeter","v":2}');
      symlinkSync(NEW, join(root, "..data_tmp"));
      renameSync(join(root, "..data_tmp"), join(root, "..data"));
      rmSync(join(root, OLD), { recursive: true });
      await ctx.log.waitForEvent("modified ..data");
      const seen = (await ctx.log.settle()).filter((d) => !d.endsWith("..data_tmp"));
      expect(sorted(seen)).toEqual([
        `created ${NEW}/greeter/index.ts`,
        `created ${NEW}/greeter/plugin.json`,
        `deleted ${OLD}/greeter/index.ts`,
        `deleted ${OLD}/greeter/plugin.json`,
        "modified ..data",
      ]);
    });

    test("a link to a folder re-pointed in place (ln -sfn) is a modified of the link", async () => {
      write(ctx.root, "a/x.ts", "a");
      write(ctx.root, "b/x.ts", "b");
      symlinkSync("a", join(ctx.root, "lib"));
      await ctx.start();
      rmSync(join(ctx.root, "lib"));
      symlinkSync("b", join(ctx.root, "lib"));
      await ctx.log.waitForEvent("modified lib");
      expect(await ctx.log.settle()).toEqual(["modified lib"]);
    });

    test("a folder whose name is not UTF-8: one WATCH_NAME_NOT_UTF8, everything else goes on", async () => {
      await ctx.start();
      const folder = bytesPath(ctx.root, "/caf", Uint8Array.of(0xe9));
      mkdirSync(folder);
      writeFileSync(bytesPath(folder, "/index.ts"), "export default 1;");
      await ctx.log.waitFor(() => ctx.log.errors.length === 1);
      const error = ctx.log.errors[0];
      expect(error).toBeInstanceOf(WatchError);
      expect(error).toMatchObject({
        code: "WATCH_NAME_NOT_UTF8",
        path: join(ctx.root, "caf\\xe9"),
      });
      expect(error?.message).toStartWith("caf\\xe9/: the folder name is not valid UTF-8");
      // More changes inside it: no second error; a real U+FFFD in a name is just a name.
      writeFileSync(bytesPath(folder, "/index.ts"), "export default 2;");
      write(ctx.root, "ok\uFFFD.ts", "fine");
      expect(await ctx.log.settle()).toEqual(["created ok\uFFFD.ts"]);
      expect(ctx.log.errors).toHaveLength(1);
    });

    test("given onUndecodable, a name that is not UTF-8 goes there, not to onError", async () => {
      writeFileSync(bytesPath(ctx.root, "/notes-", Uint8Array.of(0xff), ".ts"), "x");
      await ctx.start({ onUndecodable: ctx.log.onUndecodable });
      await ctx.log.waitFor(() => ctx.log.undecodable.length === 1);
      expect(ctx.log.undecodable[0]).toMatchObject({ code: "WATCH_NAME_NOT_UTF8" });
      mkdirSync(bytesPath(ctx.root, "/caf", Uint8Array.of(0xe9)));
      await ctx.log.waitFor(() => ctx.log.undecodable.length === 2);
      expect(ctx.log.undecodable[1]?.message).toStartWith("caf\\xe9/: the folder name");
      expect(ctx.log.errors).toEqual([]);
    });

    test("a file whose name is not UTF-8, there from the start, is reported once at start", async () => {
      writeFileSync(bytesPath(ctx.root, "/notes-", Uint8Array.of(0xff, 0xfe), ".ts"), "x");
      write(ctx.root, "good.ts", "good");
      await ctx.start();
      await ctx.log.waitFor(() => ctx.log.errors.length === 1);
      expect(ctx.log.errors[0]?.message).toStartWith("notes-\\xff\\xfe.ts: the file name");
      writeFileSync(join(ctx.root, "good.ts"), "better");
      expect(await ctx.log.settle()).toEqual(["modified good.ts"]);
      expect(ctx.log.errors).toHaveLength(1);
    });
  });
}
