import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { FileWatcher } from "../../src/watch/file-watcher.ts";
import { Collector } from "./collect.ts";
import { makeTempRoot, removeTempRoot, write } from "./temp-root.ts";
import { type Backend, startBackend } from "./watcher-suite.ts";

/** One script of edits; each step is settled before the next, so both backends see it alike. */
const SCRIPT: ((root: string) => void)[] = [
  (root) => write(root, "greeter/plugin.json", '{"name":"greeter"}'),
  (root) => write(root, "greeter/lib/util.ts", "export const a = 1;"),
  (root) => writeFileSync(join(root, "greeter/lib/util.ts"), "export const a = 22;"),
  (root) => {
    writeFileSync(join(root, "greeter/plugin.json.tmp"), '{"name":"greeter","x":1}');
    renameSync(join(root, "greeter/plugin.json.tmp"), join(root, "greeter/plugin.json"));
  },
  (root) => write(root, "greeter/node_modules/dep/index.js", "ignored"),
  (root) => rmSync(join(root, "greeter/lib"), { recursive: true }),
  (root) => mkdirSync(join(root, "empty/dir"), { recursive: true }),
  (root) => write(root, "clock/index.ts", "export default {};"),
  (root) => rmSync(join(root, "clock/index.ts")),
];

const EXPECTED = [
  "created greeter/plugin.json",
  "created greeter/lib/util.ts",
  "modified greeter/lib/util.ts",
  "modified greeter/plugin.json",
  "deleted greeter/lib/util.ts",
  "created clock/index.ts",
  "deleted clock/index.ts",
];

let root: string;
let watcher: FileWatcher | undefined;
beforeEach(() => {
  root = makeTempRoot();
});
afterEach(async () => {
  await watcher?.close();
  removeTempRoot(root);
});

async function play(backend: Backend): Promise<string[]> {
  const log = new Collector(root);
  watcher = startBackend(backend, { root, collector: log });
  await watcher.watch();
  const seen: string[] = [];
  for (const step of SCRIPT) {
    const from = log.events.length;
    step(root);
    seen.push(...(await log.settle(from)));
  }
  await watcher.close();
  rmSync(root, { recursive: true });
  mkdirSync(root);
  return seen;
}

test("the same script gives the same normalized events on both backends", async () => {
  const native = await play("native");
  const poll = await play("poll");
  expect(native).toEqual(EXPECTED);
  expect(poll).toEqual(EXPECTED);
});
