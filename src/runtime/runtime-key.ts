import type { RuntimeKey } from "./runtime.ts";

/** Which runtime this is, by feature detection (hono's getRuntimeKey): Bun and Deno first, as both also set `process.versions.node`. */
export function detectRuntimeKey(scope: object = globalThis): RuntimeKey {
  if ("Bun" in scope && scope.Bun !== undefined) return "bun";
  if ("Deno" in scope && scope.Deno !== undefined) return "deno";
  const versions =
    "process" in scope ? (scope.process as NodeJS.Process | undefined)?.versions : undefined;
  if (typeof versions?.node === "string") return "node";
  return "other";
}
