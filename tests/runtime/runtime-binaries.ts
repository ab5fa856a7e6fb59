import type { RuntimeKey } from "../../src/runtime/runtime.ts";

export type RealRuntime = Exclude<RuntimeKey, "other">;
export const REAL_RUNTIMES: readonly RealRuntime[] = ["bun", "deno", "node"];

/**
 * The binary of each runtime, or why it is missing: a test skips a runtime only when its
 * binary is not installed (CI installs all three), and says so.
 */
export function runtimeBinary(runtime: RealRuntime): string | undefined {
  const binary = runtime === "bun" ? process.execPath : Bun.which(runtime);
  if (!binary) {
    console.warn(`skipping ${runtime}: no \`${runtime}\` binary on PATH (.ci/run installs it)`);
  }
  return binary ?? undefined;
}

/** Runs `cmd` to its end (killed after `timeoutMs`): its exit code and what it printed. */
export async function runToEnd(cmd: string[], timeoutMs = 15_000) {
  const proc = Bun.spawn(cmd, { stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  const deadline = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  clearTimeout(deadline);
  return { stdout, stderr, code };
}
