import { HotplugError } from "../hotplug-error.ts";
import { createBunRuntime } from "./bun-runtime.ts";
import type { Runtime, RuntimeKey } from "./runtime.ts";

export function detectRuntimeKey(): RuntimeKey {
  if (typeof globalThis.Bun !== "undefined") return "bun";
  if ("Deno" in globalThis) return "deno";
  if (typeof process !== "undefined" && process.versions?.node) return "node";
  return "other";
}

/** The runtime this process runs on; hotplug's loader needs module-cache eviction (Bun). */
export function detectRuntime(): Runtime {
  const key = detectRuntimeKey();
  if (key === "bun") return createBunRuntime();
  throw new HotplugError(
    "RUNTIME_UNSUPPORTED",
    `Cannot start hotplug on ${key}: this build supports Bun >= 1.3.14 (Deno and Node: planned)`,
  );
}
