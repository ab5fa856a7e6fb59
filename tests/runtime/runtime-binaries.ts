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

/**
 * The command that runs the TypeScript file `child` with `args` on `runtime`: Node runs a
 * bundle of it, written into `outdir` (Node 20 strips no types).
 */
export async function childCommand(
  runtime: RealRuntime,
  binary: string,
  child: string,
  outdir: string,
  args: readonly string[],
): Promise<string[]> {
  if (runtime === "bun") return [binary, child, ...args];
  if (runtime === "deno") return [binary, "run", "-A", child, ...args];
  const built = await Bun.build({ entrypoints: [child], target: "node", outdir });
  if (!built.success) throw new AggregateError(built.logs, `Cannot bundle ${child} for node`);
  return [binary, built.outputs[0]?.path as string, ...args];
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
