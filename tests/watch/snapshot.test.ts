import { expect, test } from "bun:test";
import type { FileStat } from "../../src/fs/file-stat.ts";
import { diffSnapshots, type Snapshot } from "../../src/watch/snapshot.ts";

const file = (ino: number, extra: Partial<FileStat> = {}): FileStat => ({
  dev: 1,
  ino,
  size: 10,
  mtimeMs: 1000,
  ctimeMs: 1000,
  target: undefined,
  digest: undefined,
  ...extra,
});
const tree = (entries: [string, FileStat][]): Snapshot => new Map(entries);
/** The changes without their timestamps (one test below is about those). */
const diff = (prev: Snapshot, next: Snapshot, renames: boolean) =>
  diffSnapshots(prev, next, renames).map(({ changedAt: _, ...change }) => change);

test("deleted, renamed, created, then modified; a new inode at a known path is a modification", () => {
  const prev = tree([
    ["/r/a", file(1)],
    ["/r/b", file(2)],
    ["/r/gone", file(3)],
  ]);
  const next = tree([
    ["/r/a", file(1, { ctimeMs: 2000 })],
    ["/r/b", file(9)],
    ["/r/moved", file(3, { ctimeMs: 2000 })],
    ["/r/new", file(4)],
  ]);
  expect(diff(prev, next, true)).toEqual([
    { type: "renamed", path: "/r/moved", oldPath: "/r/gone" },
    { type: "created", path: "/r/new" },
    { type: "modified", path: "/r/a" },
    { type: "modified", path: "/r/b" },
  ]);
});

test("without rename detection a move is a delete and a create", () => {
  const prev = tree([["/r/a", file(1)]]);
  const next = tree([["/r/b", file(1)]]);
  expect(diff(prev, next, false)).toEqual([
    { type: "deleted", path: "/r/a" },
    { type: "created", path: "/r/b" },
  ]);
});

test.each([
  ["another size", { size: 11 }],
  ["another mtime", { mtimeMs: 1001 }],
  ["another file system", { dev: 2 }],
  ["other bytes", { digest: "new" }],
])("a freed inode number reused by a new file with %s is not a rename", (_name, other) => {
  const prev = tree([["/r/a", file(1, { digest: "old" })]]);
  const next = tree([["/r/b", file(1, other)]]);
  expect(diff(prev, next, true)).toEqual([
    { type: "deleted", path: "/r/a" },
    { type: "created", path: "/r/b" },
  ]);
});

test("same stat, two different digests: modified; a digest on one side only proves nothing", () => {
  const prev = tree([
    ["/r/a", file(1, { digest: "x" })],
    ["/r/b", file(2, { digest: "x" })],
  ]);
  const next = tree([
    ["/r/a", file(1, { digest: "y" })],
    ["/r/b", file(2)],
  ]);
  expect(diff(prev, next, true)).toEqual([{ type: "modified", path: "/r/a" }]);
});

test("a change carries when the file changed by its own timestamps; a deletion does not", () => {
  const prev = tree([
    ["/r/a", file(1)],
    ["/r/gone", file(2)],
  ]);
  const next = tree([
    ["/r/a", file(1, { mtimeMs: 1500, ctimeMs: 1700 })],
    ["/r/new", file(3, { mtimeMs: 900 })],
  ]);
  expect(diffSnapshots(prev, next, false)).toEqual([
    { type: "deleted", path: "/r/gone" },
    { type: "created", path: "/r/new", changedAt: 1000 },
    { type: "modified", path: "/r/a", changedAt: 1700 },
  ]);
});
