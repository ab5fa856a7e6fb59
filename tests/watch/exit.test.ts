import { afterEach, beforeEach, expect, test } from "bun:test";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { makeTempRoot, removeTempRoot } from "./temp-root.ts";

const FIXTURE = join(import.meta.dir, "fixtures", "watch-then-close.ts");
const DEADLINE_MS = 10_000;

let root: string;
beforeEach(() => {
  root = makeTempRoot();
});
afterEach(() => removeTempRoot(root));

/** Runs the fixture; resolves with its exit code and output, or kills it at the deadline. */
function run(mode: string): Promise<{ code: number | null; out: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [FIXTURE, root, mode], { stdio: "pipe" });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), DEADLINE_MS);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, out, timedOut: signal === "SIGKILL" });
    });
  });
}

test.each(["native", "poll"])(
  "after close() a %s watcher lets the process exit",
  async (mode) => {
    const result = await run(mode);
    expect(result).toEqual({ code: 0, out: `closed ${mode}\n`, timedOut: false });
  },
  DEADLINE_MS + 5_000,
);
