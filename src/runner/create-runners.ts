import type { Runners } from "../plugin/generation-runner.ts";
import { PluginLoader } from "../plugin/loader/plugin-loader.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { inProcessRunner } from "./in-process-runner.ts";
import { workerRunner } from "./worker-runner.ts";

/** The host's runners for this runtime: one loader (one module cache) for in-process plugins. */
export function createRunners(runtime: Runtime): Runners {
  const loader = new PluginLoader(runtime);
  const byIsolation = { none: inProcessRunner(loader), worker: workerRunner(runtime) };
  return {
    byIsolation,
    scan: (entry) => loader.scan(entry),
    load: (loaded, isolation, options) =>
      byIsolation[loaded.manifest.isolation ?? isolation].load({ loaded, ...options }),
    async close() {
      for (const runner of Object.values(byIsolation)) await runner.close();
    },
  };
}
