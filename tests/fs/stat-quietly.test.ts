import { afterEach, beforeEach, expect, test } from "bun:test";
import { symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  lstatQuietly,
  readlinkQuietly,
  realpathQuietly,
  statQuietly,
} from "../../src/fs/stat-quietly.ts";
import { makeTempRoot, removeTempRoot } from "../watch/temp-root.ts";

let dir: string;
beforeEach(() => {
  dir = makeTempRoot();
  writeFileSync(join(dir, "file"), "x");
  symlinkSync("loop", join(dir, "loop"));
  symlinkSync("file", join(dir, "link"));
});
afterEach(() => removeTempRoot(dir));

test("what exists is stat'ed, links followed or not", () => {
  expect(lstatQuietly(join(dir, "link"))?.isSymbolicLink()).toBe(true);
  expect(statQuietly(join(dir, "link"))?.isFile()).toBe(true);
  expect(readlinkQuietly(join(dir, "link"))).toBe("file");
  expect(realpathQuietly(join(dir, "link"))).toBe(join(dir, "file"));
});

test.each([
  ["missing", "nope"],
  ["below a file (ENOTDIR)", "file/below"],
])("a path %s gives undefined, not a throw", (_name, rel) => {
  expect(lstatQuietly(join(dir, rel))).toBeUndefined();
  expect(statQuietly(join(dir, rel))).toBeUndefined();
  expect(realpathQuietly(join(dir, rel))).toBeUndefined();
});

test("a link to itself (ELOOP) stats as undefined; a file has no link target", () => {
  expect(statQuietly(join(dir, "loop"))).toBeUndefined();
  expect(realpathQuietly(join(dir, "loop"))).toBeUndefined();
  expect(lstatQuietly(join(dir, "loop"))?.isSymbolicLink()).toBe(true);
  expect(readlinkQuietly(join(dir, "file"))).toBe("");
});
