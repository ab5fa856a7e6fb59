import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { FileStat } from "../../src/fs/file-stat.ts";
import { createPathRules } from "../../src/watch/glob.ts";
import { WatchedTree } from "../../src/watch/watched-tree.ts";
import { makeTempRoot, removeTempRoot, write } from "./temp-root.ts";

let root: string;
beforeEach(() => {
  root = makeTempRoot();
});
afterEach(() => removeTempRoot(root));

async function loaded(rules = createPathRules({})): Promise<WatchedTree> {
  const tree = new WatchedTree(root, rules);
  expect(await tree.load()).toBe(true);
  return tree;
}

/** "type rel" for each change, as the suites show events. */
const shown = (tree: WatchedTree, renames = false) =>
  tree.takeChanges(renames).map((c) => {
    const rel = (p: string) => p.slice(root.length + 1);
    return c.oldPath ? `${c.type} ${rel(c.oldPath)} -> ${rel(c.path)}` : `${c.type} ${rel(c.path)}`;
  });

describe("load", () => {
  test("records files and links to folders, skips excluded folders, reports nothing", async () => {
    write(root, "a/x.ts", "x");
    write(root, "node_modules/p/index.js", "p");
    symlinkSync("a", join(root, "link"));
    symlinkSync("a/x.ts", join(root, "file-link.ts"));
    const tree = await loaded();
    expect([...tree.files.keys()].map((p) => p.slice(root.length + 1)).sort()).toEqual([
      "a/x.ts",
      "file-link.ts",
      "link",
    ]);
    expect(tree.files.get(join(root, "link"))?.target).toBe("a");
    // A followed link to a file carries its target's stat.
    expect(tree.files.get(join(root, "file-link.ts"))?.ino).toBe(
      statSync(join(root, "a/x.ts")).ino,
    );
    expect(shown(tree)).toEqual([]);
  });

  test("a root that is a file, or missing, is not present", async () => {
    writeFileSync(join(root, "file"), "");
    expect(await new WatchedTree(join(root, "file"), createPathRules({})).load()).toBe(false);
    expect(await new WatchedTree(join(root, "nope"), createPathRules({})).load()).toBe(false);
  });

  test("a seed whose racy entry has the same stat but other bytes: modified after the load", async () => {
    const file = write(root, "index.ts", "export default 2;\n");
    const st = statSync(file);
    const seed = new Map<string, FileStat>([
      [
        file,
        {
          dev: st.dev,
          ino: st.ino,
          size: st.size,
          mtimeMs: st.mtimeMs,
          ctimeMs: st.ctimeMs,
          target: undefined,
          digest: "the digest of version 1",
        },
      ],
    ]);
    const tree = new WatchedTree(root, createPathRules({}));
    await tree.load({ known: seed });
    expect(tree.files.get(file)?.digest).not.toBe("the digest of version 1");
  });

  test("the walk goes in slices, reporting the count between them, and stops when cancelled", async () => {
    for (let d = 0; d < 5; d++) write(root, `d${d}/f.ts`, "");
    const counts: number[] = [];
    const full = new WatchedTree(root, createPathRules({}));
    await full.load({ sliceMs: 0, onSlice: (files) => counts.push(files) });
    expect(full.files.size).toBe(5);
    expect(counts.length).toBeGreaterThan(1);
    const cancelled = new WatchedTree(root, createPathRules({}));
    await cancelled.load({ sliceMs: 0, isCancelled: () => true });
    expect(cancelled.files.size).toBeLessThan(5);
  });
});

describe("look (native hints)", () => {
  test("a file replaced by a folder, and a folder replaced by a file", async () => {
    write(root, "a", "file");
    write(root, "b/x.ts", "x");
    const tree = await loaded();
    rmSync(join(root, "a"));
    write(root, "a/inner.ts", "inner");
    rmSync(join(root, "b"), { recursive: true });
    writeFileSync(join(root, "b"), "now a file");
    tree.look(join(root, "a"));
    tree.look(join(root, "b"));
    expect(shown(tree).sort()).toEqual([
      "created a/inner.ts",
      "created b",
      "deleted a",
      "deleted b/x.ts",
    ]);
  });

  test("a hint deep inside a folder nobody knew yet walks that whole folder", async () => {
    const tree = await loaded();
    write(root, "new/deep/er/x.ts", "x");
    write(root, "new/y.ts", "y");
    tree.look(join(root, "new/deep/er/x.ts"));
    expect(shown(tree).sort()).toEqual(["created new/deep/er/x.ts", "created new/y.ts"]);
  });

  test("a path outside the root, or inside an excluded folder, changes nothing", async () => {
    const tree = await loaded();
    write(root, "node_modules/p/x.js", "x");
    tree.look(join(root, "..", "elsewhere.ts"));
    tree.look(join(root, "node_modules"));
    expect(shown(tree)).toEqual([]);
  });

  test("the root replaced by another folder: everything deleted and created again", async () => {
    write(root, "x.ts", "x");
    const tree = await loaded();
    const aside = `${root}-aside`;
    renameSync(root, aside);
    mkdirSync(root);
    write(root, "y.ts", "y");
    tree.look(root);
    expect(shown(tree).sort()).toEqual(["created y.ts", "deleted x.ts"]);
    removeTempRoot(aside);
  });

  test("the root gone, then back", async () => {
    write(root, "x.ts", "x");
    const tree = await loaded();
    rmSync(root, { recursive: true });
    tree.look(root);
    expect(shown(tree)).toEqual(["deleted x.ts"]);
    expect(tree.present).toBe(false);
    write(root, "x.ts", "x again");
    tree.look(root);
    expect(shown(tree)).toEqual(["created x.ts"]);
  });
});

describe("sweep and check (polling)", () => {
  test("a rename across folders in one sweep is one renamed", async () => {
    write(root, "a/x.ts", "x");
    mkdirSync(join(root, "b"));
    const tree = await loaded();
    renameSync(join(root, "a/x.ts"), join(root, "b/x.ts"));
    tree.sweep();
    expect(shown(tree, true)).toEqual(["renamed a/x.ts -> b/x.ts"]);
  });

  test("check() of a file turned into a folder walks the folder", async () => {
    write(root, "a", "file");
    const tree = await loaded();
    rmSync(join(root, "a"));
    write(root, "a/inner.ts", "inner");
    tree.check(join(root, "a"));
    tree.check(join(root, "not-recorded.ts"));
    expect(shown(tree).sort()).toEqual(["created a/inner.ts", "deleted a"]);
  });

  test("a link to a folder replaced by a file the globs reject is deleted, not modified", async () => {
    mkdirSync(join(root, "a"));
    symlinkSync("a", join(root, "checked"));
    symlinkSync("a", join(root, "swept"));
    const tree = await loaded(createPathRules({ include: ["**/*.ts"] }));
    expect(tree.files.has(join(root, "checked"))).toBe(true);
    for (const name of ["checked", "swept"]) {
      rmSync(join(root, name));
      writeFileSync(join(root, name), "no .ts: never a file the host loads");
    }
    tree.check(join(root, "checked"));
    expect(shown(tree)).toEqual(["deleted checked"]);
    tree.sweep();
    expect(shown(tree)).toEqual(["deleted swept"]);
  });

  test("vanish() deletes everything; state() hands over files and undecodable names", async () => {
    write(root, "x.ts", "x");
    writeFileSync(Buffer.concat([Buffer.from(`${root}/bad-`), Uint8Array.of(0xe9)]), "");
    const tree = await loaded();
    expect(tree.takeUndecodable().map((u) => u.rel)).toEqual(["bad-\\xe9"]);
    const state = tree.state();
    expect([...state.undecodable]).toEqual([join(root, "bad-\\xe9")]);
    expect([...state.files.keys()]).toEqual([join(root, "x.ts")]);
    tree.vanish();
    expect(shown(tree)).toEqual(["deleted x.ts"]);
  });
});
