import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { listSubfolders, readFolder, readFolderQuietly } from "../../src/fs/folder-names.ts";
import { makeTempRoot, removeTempRoot } from "../watch/temp-root.ts";

let dir: string;
beforeEach(() => {
  dir = makeTempRoot();
});
afterEach(() => removeTempRoot(dir));

const named = (...parts: (string | Uint8Array)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : p)));

test("a folder of good names reads as readdir does, with nothing undecodable", () => {
  writeFileSync(join(dir, "a.ts"), "");
  mkdirSync(join(dir, "sub"));
  const { entries, undecodable } = readFolder(dir);
  expect(entries.map((e) => e.name).sort()).toEqual(["a.ts", "sub"]);
  expect(undecodable).toEqual([]);
});

test("names that are not UTF-8 are set apart, with their bytes and how to show them", () => {
  mkdirSync(named(dir, "/caf", Uint8Array.of(0xe9)));
  writeFileSync(named(dir, "/x", Uint8Array.of(0xff), ".ts"), "");
  writeFileSync(join(dir, "ok\uFFFD.ts"), ""); // a real U+FFFD: a good name
  const { entries, undecodable } = readFolder(dir);
  expect(entries.map((e) => e.name)).toEqual(["ok\uFFFD.ts"]);
  const shown = undecodable.map(({ shown, isDirectory }) => ({ shown, isDirectory }));
  expect(shown.sort((a, b) => a.shown.localeCompare(b.shown))).toEqual([
    { shown: "caf\\xe9", isDirectory: true },
    { shown: "x\\xff.ts", isDirectory: false },
  ]);
  expect([...(undecodable.find((u) => u.isDirectory)?.bytes ?? [])]).toEqual([
    0x63, 0x61, 0x66, 0xe9,
  ]);
});

test("listSubfolders: folders and links to folders, sorted, plus the undecodable names", () => {
  mkdirSync(join(dir, "zeta"));
  mkdirSync(join(dir, "..2026_01_01"));
  symlinkSync("..2026_01_01", join(dir, "alpha")); // a ConfigMap-style link to a folder
  symlinkSync("missing", join(dir, "dangling"));
  writeFileSync(join(dir, "file.ts"), "");
  mkdirSync(named(dir, "/b", Uint8Array.of(0xe9), "ta"));
  const { folders, undecodable } = listSubfolders(dir);
  expect(folders).toEqual(["..2026_01_01", "alpha", "zeta"]);
  expect(undecodable.map((u) => u.shown)).toEqual(["b\\xe9ta"]);
});

test("a folder that cannot be read throws what readdir throws", () => {
  expect(() => readFolder(join(dir, "missing"))).toThrow(
    expect.objectContaining({ code: "ENOENT" }),
  );
});

test("readFolderQuietly: a folder that cannot be read has no entries", () => {
  expect(readFolderQuietly(join(dir, "missing"))).toEqual({ entries: [], undecodable: [] });
});
