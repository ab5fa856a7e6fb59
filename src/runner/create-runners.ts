import { type LeftoversMode, LeftoversRecorder } from "../leftovers/leftovers-recorder.ts";
import type { Runners } from "../plugin/generation-runner.ts";
import { PluginLoader } from "../plugin/loader/plugin-loader.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { inProcessRunner } from "./in-process-runner.ts";
import { workerRunner } from "./worker-runner.ts";

/**
 * The host's runners for this runtime: one loader (one module cache) for in-process plugins,
 * and what each generation leaves recorded as `leftovers` says (each worker records its own).
 */
export function createRunners(runtime: Runtime, leftovers: LeftoversMode = "off"): Runners {
  const loader = new PluginLoader(runtime);
  const recorder = new LeftoversRecorder({ mode: leftovers, runtime });
  recorder.install();
  const byIsolation = {
    none: inProcessRunner(loader, recorder),
    worker: workerRunner(runtime, leftovers),
  };
  return {
    byIsolation,
    scan: (entry) => loader.scan(entry),
    load: (loaded, isolation, options) =>
      byIsolation[loaded.manifest.isolation ?? isolation].load({ loaded, ...options }),
    async close() {
      for (const runner of Object.values(byIsolation)) await runner.close();
      recorder.dispose();
    },
  };
}
