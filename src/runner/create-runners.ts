import type { Isolation } from "../host-events.ts";
import type { Candidate, GenerationRunner, LoadRequest } from "../plugin/generation-runner.ts";
import type { ModuleGraph } from "../plugin/loader/module-graph.ts";
import { PluginLoader } from "../plugin/loader/plugin-loader.ts";
import type { LoadedManifest } from "../plugin/manifest/read-manifest.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { inProcessRunner } from "./in-process-runner.ts";
import { workerRunner } from "./worker-runner.ts";

export interface Runners {
  readonly byIsolation: Readonly<Record<Isolation, GenerationRunner>>;
  /** An entry's local import graph on disk now, as the runners will load it. */
  scan(entry: string): ModuleGraph;
  /** Phases 2-3 where the manifest says the plugin runs, else where `isolation` says. */
  load(
    loaded: LoadedManifest,
    isolation: Isolation,
    options: Omit<LoadRequest, "loaded">,
  ): Promise<Candidate>;
  /** Frees what every runner holds (a worker booted ahead), so nothing outlives its user. */
  close(): Promise<void>;
}

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
