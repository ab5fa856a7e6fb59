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
