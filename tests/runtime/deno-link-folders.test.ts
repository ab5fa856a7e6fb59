import { afterEach, beforeEach, expect, test } from "bun:test";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeLinkFolder, sweepLinkFolders } from "../../src/runtime/deno-link-folders.ts";
import { plainSourcePath } from "../../src/runtime/source-path.ts";

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), "hotplug-sweep-"));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

/** A link folder as a host with `pid` leaves it when it is killed: links to `/` inside. */
function leftBehind(pid: number, links: number): string {
  const folder = join(tmp, `hotplug-deno-${pid}-Ab12Cd`);
  mkdirSync(folder);
  for (let n = 1; n <= links; n++) symlinkSync("/", join(folder, String(n)), "dir");
  return folder;
}

test("a new host removes the link folders of hosts that are gone, and only theirs", () => {
  const dead = Bun.spawnSync(["true"]).pid; // exited: its pid names no process now
  const gone = leftBehind(dead, 501);
  const alive = leftBehind(process.ppid, 3);
  const mine = makeLinkFolder(tmp);
  expect(existsSync(gone)).toBe(false);
  expect(existsSync(alive)).toBe(true);
  expect(mine).toContain(`hotplug-deno-${process.pid}-`);
  // The links were unlinked, never followed: `/` is still there.
  expect(lstatSync("/").isDirectory()).toBe(true);
  expect(sweepLinkFolders(tmp)).toBe(0);
});

test("stack locations through a link folder name the real file", () => {
  expect(plainSourcePath(`/tmp/hotplug-deno-${process.pid}-Ab12Cd/7/p/a/index.ts`)).toBe(
    "/p/a/index.ts",
  );
});
