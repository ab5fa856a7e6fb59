import { HotplugError } from "../errors/hotplug-error.ts";
import { createBunRuntime } from "./bun-runtime.ts";
import { createDenoRuntime } from "./deno-runtime.ts";
import { createNodeRuntime } from "./node-runtime.ts";
import type { Runtime, RuntimeKey } from "./runtime.ts";
import { detectRuntimeKey } from "./runtime-key.ts";

const create: Record<Exclude<RuntimeKey, "other">, () => Runtime> = {
  bun: createBunRuntime,
  deno: createDenoRuntime,
  node: createNodeRuntime,
};

/** The adapter for the runtime this process runs on: Bun, Deno 2 or Node >= 20. */
export function detectRuntime(key: RuntimeKey = detectRuntimeKey()): Runtime {
  if (key === "other") {
    throw new HotplugError(
      "RUNTIME_UNSUPPORTED",
      "Cannot start hotplug on this runtime: it needs Bun >= 1.3.14, Deno 2 or Node >= 20.6",
    );
  }
  return create[key]();
}
