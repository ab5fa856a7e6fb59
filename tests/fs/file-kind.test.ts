import { afterAll, beforeAll, expect, test } from "bun:test";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileDigest } from "../../src/fs/content-digest.ts";
import { fileKind } from "../../src/fs/file-kind.ts";

let dir: string;
let socket: Server;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "hotplug-file-kind-"));
  writeFileSync(join(dir, "file"), "x");
  execFileSync("mkfifo", [join(dir, "fifo")]);
  socket = createServer();
  await new Promise<void>((resolve) => socket.listen(join(dir, "sock"), resolve));
});
afterAll(() => {
  socket.close();
  rmSync(dir, { recursive: true, force: true });
});

test("each kind of path is named as a message says it", () => {
  expect(fileKind(statSync(join(dir, "file")))).toBe("a regular file");
  expect(fileKind(statSync(dir))).toBe("a directory");
  expect(fileKind(statSync(join(dir, "fifo")))).toBe("a FIFO");
  expect(fileKind(statSync("/dev/zero"))).toBe("a character device");
  expect(fileKind(statSync(join(dir, "sock")))).toBe("a socket");
});

test("a digest is taken of a regular file only: a FIFO or a device is not read (it would block)", () => {
  expect(fileDigest(join(dir, "file"))).toBeString();
  expect(fileDigest(join(dir, "fifo"))).toBeUndefined();
  expect(fileDigest("/dev/zero")).toBeUndefined();
  expect(fileDigest(join(dir, "missing"))).toBeUndefined();
});
