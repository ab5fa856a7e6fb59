import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  COARSE_RACY_WINDOW_MS,
  type FileStat,
  isRacy,
  MAX_DIGEST_BYTES,
  observe,
  RACY_WINDOW_MS,
  type StatFields,
  sameFile,
  sameFileMoved,
} from "../../src/fs/file-stat.ts";
import { makeTempRoot, removeTempRoot } from "../watch/temp-root.ts";

const STAMP = 1_790_000_000_123.456; // a fine, sub-millisecond timestamp
const stats = (extra: Partial<StatFields> = {}): StatFields => ({
  dev: 2049,
  ino: 42,
  size: 18,
  mtimeMs: STAMP,
  ctimeMs: STAMP,
  ...extra,
});
const record = (extra: Partial<FileStat> = {}): FileStat => ({
  ...stats(),
  target: undefined,
  digest: undefined,
  ...extra,
});

describe("isRacy", () => {
  test.each([
    ["looked at in the same instant", STAMP, true],
    ["within the window", STAMP + RACY_WINDOW_MS, true],
    ["just past the window", STAMP + RACY_WINDOW_MS + 1, false],
    ["an hour later", STAMP + 3_600_000, false],
    ["a stamp a little ahead of the clock", STAMP - 5, true],
    ["a stamp far in the future (touch -d)", STAMP - 3_600_000, false],
  ])("a fine stamp, %s: %p", (_name, now, racy) => {
    expect(isRacy(stats(), now)).toBe(racy);
  });

  test("whole-second stamps (ext3, FAT, network mounts) stay racy for two seconds", () => {
    const whole = stats({ mtimeMs: 1_790_000_000_000, ctimeMs: 1_790_000_000_000 });
    expect(isRacy(whole, 1_790_000_001_500)).toBe(true);
    expect(isRacy(whole, 1_790_000_000_000 + COARSE_RACY_WINDOW_MS + 1)).toBe(false);
  });

  test("a whole-second ctime beside a fine mtime (Deno's node:fs) stays racy for two seconds", () => {
    const deno = stats({ mtimeMs: 1_790_000_000_123, ctimeMs: 1_790_000_000_000 });
    expect(isRacy(deno, 1_790_000_000_900)).toBe(true);
    expect(isRacy(deno, 1_790_000_000_000 + COARSE_RACY_WINDOW_MS + 1)).toBe(false);
  });

  test("a fresh ctime is racy even when mtime was set far back (utimes)", () => {
    expect(isRacy(stats({ mtimeMs: 1_500_000_000_000.5 }), STAMP)).toBe(true);
  });
});

describe("observe", () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = makeTempRoot();
    file = join(dir, "index.ts");
    writeFileSync(file, "export default 1;\n");
  });
  afterEach(() => removeTempRoot(dir));

  test("a racy look keeps the content's digest; a later look past the window drops it", () => {
    const st = statSync(file);
    const first = observe(file, st, undefined, Date.now());
    expect(first.digest).toBeString();
    const again = observe(file, st, first, Date.now());
    expect(again).toBe(first); // still racy: the same record
    const later = observe(file, st, first, Date.now() + 60_000);
    expect(later.digest).toBeUndefined();
    expect(sameFile(first, later)).toBe(true);
    expect(observe(file, st, later, Date.now() + 120_000)).toBe(later); // proven: no hash
  });

  test("the same stat with other bytes (a same-length write in one tick) is a change", () => {
    const st = statSync(file);
    const first = observe(file, st, undefined, Date.now());
    writeFileSync(file, "export default 2;\n");
    // As a coarse clock would stamp it: every stat field as before.
    const next = observe(file, st, first, Date.now() + 60_000);
    expect(next.digest).not.toBe(first.digest);
    expect(sameFile(first, next)).toBe(false);
  });

  test("an entry that was not racy is trusted: no hash, no allocation", () => {
    const st = statSync(file);
    const old = observe(file, st, undefined, Date.now() + 60_000);
    expect(old.digest).toBeUndefined();
    writeFileSync(file, "export default 2;\n");
    expect(observe(file, st, old, Date.now() + 120_000)).toBe(old);
  });

  test("any stat field that moved is a change: ino, dev, size, mtime, ctime", () => {
    const old = record();
    for (const moved of [
      { ino: 43 },
      { dev: 2050 },
      { size: 19 },
      { mtimeMs: STAMP + 1 },
      { ctimeMs: STAMP + 1 },
    ]) {
      const next = observe(file, stats(moved), old, STAMP + 60_000);
      expect(sameFile(old, next)).toBe(false);
    }
  });

  test("a racy file over MAX_DIGEST_BYTES (a growing log) is trusted by its stat alone", () => {
    const big = observe(file, stats({ size: MAX_DIGEST_BYTES + 1 }), undefined, STAMP);
    expect(big.digest).toBeUndefined();
  });

  test("a link is compared by its target, never hashed", () => {
    const old = observe(file, stats(), undefined, STAMP, "..2026_a");
    expect(old.digest).toBeUndefined();
    expect(observe(file, stats(), old, STAMP, "..2026_a")).toBe(old);
    expect(sameFile(old, observe(file, stats(), old, STAMP, "..2026_b"))).toBe(false);
  });

  test("an unreadable file keeps its record rather than reporting a change", () => {
    const old = record({ digest: "stale" });
    const next = observe(join(dir, "vanished.ts"), stats(), old, STAMP);
    expect(sameFile(old, next)).toBe(true);
  });
});

describe("sameFileMoved", () => {
  test("a rename moves ctime only", () => {
    expect(sameFileMoved(record(), record({ ctimeMs: STAMP + 9 }))).toBe(true);
  });

  test.each([
    ["size", { size: 99 }],
    ["mtime", { mtimeMs: STAMP + 1 }],
    ["dev", { dev: 7 }],
    ["content", { digest: "b" }],
  ])("a reused inode number with another %s is not a rename", (_name, other) => {
    expect(sameFileMoved(record({ digest: "a" }), record(other))).toBe(false);
  });
});
