import { expect, test } from "bun:test";
import { join } from "node:path";
import { REPO } from "../support/cli-process.ts";

// The short soak (bench/soak.ts): 60 cycles of random faults saved into 10 plugins, with every
// invariant checked after each step. SOAK_SEED=<n> replays a run; the full soak is `bun run soak`.
const SEED = process.env.SOAK_SEED || "20260701";

test("60 cycles of broken saves leave the host alive and serving", async () => {
  const proc = Bun.spawn(
    ["bun", join(REPO, "bench", "soak.ts"), "--cycles", "60", "--seed", SEED],
    { cwd: REPO, stdout: "pipe", stderr: "pipe", stdin: "ignore" },
  );
  const timer = setTimeout(() => proc.kill("SIGKILL"), 55_000);
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  clearTimeout(timer);
  expect({ code, stdout, stderr }).toMatchObject({ code: 0 });
  expect(stdout).toContain("cycles: 60 over 10 plugins");
  expect(stdout).toContain("violations: 0");
  expect(stdout).toMatch(/open fds: (\d+) after shutdown, baseline \1\b/);
}, 60_000);
