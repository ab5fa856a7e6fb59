import type { Isolation } from "../../host-events.ts";
import type { Runtime } from "../../runtime/runtime.ts";
import type { ModuleGraph } from "../loader/module-graph.ts";
import { PluginLoader } from "../loader/plugin-loader.ts";
import type { GenerationRunner } from "./generation-runner.ts";
import { inProcessRunner } from "./in-process-runner.ts";
import { workerRunner } from "./worker/worker-runner.ts";

export interface Runners {
  readonly byIsolation: Readonly<Record<Isolation, GenerationRunner>>;
  /** An entry's local import graph on disk now, as the runners will load it. */
  scan(entry: string): ModuleGraph;
}

/** The host's runners for this runtime: one loader (one module cache) for in-process plugins. */
export function createRunners(runtime: Runtime): Runners {
  const loader = new PluginLoader(runtime);
  const none = inProcessRunner(loader);
  return {
    byIsolation: { none, worker: workerRunner(runtime) },
    scan: (entry) => loader.scan(entry),
  };
}
