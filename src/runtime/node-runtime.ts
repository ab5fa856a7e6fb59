import { pathToFileURL } from "node:url";
import { locateNodeSyntaxError } from "./node-syntax-check.ts";
import { registerVersionHook } from "./node-version-hook.ts";
import { nodeWorker } from "./node-worker.ts";
import { resolveLocal } from "./resolve-local.ts";
import type { Runtime } from "./runtime.ts";
import { scanImports } from "./scan-imports.ts";
import { SerialLock } from "./serial-lock.ts";
import { watchServers } from "./server-watch.ts";
import { plainSourcePath } from "./source-path.ts";

// One module cache per process: one lock, and one sequence so two loaders never share a URL.
const moduleCache = { moduleLock: new SerialLock(), imports: 0 };

/**
 * Node >= 20.6: a `file://` URL plus `?v=N` evaluates the entry anew, and a resolve hook
 * (node-version-hook.ts) hands the query on to the entry's local imports, so edited helpers
 * run their new code too. Node cannot drop a module: every reload keeps its graph in memory.
 */
export function createNodeRuntime(): Runtime {
  registerVersionHook();
  return {
    key: "node",
    moduleLock: moduleCache.moduleLock,
    canEvict: false,
    // Not the loader's version: a number never used before in this process.
    versionedSpecifier: (file) => `${pathToFileURL(file).href}?v=${++moduleCache.imports}`,
    evict() {},
    evictUnder() {},
    sourcePath: plainSourcePath,
    locateSyntaxError: (error, files) => locateNodeSyntaxError(error, files),
    scanImports: (_file, source) => scanImports(source),
    spawnWorker: nodeWorker,
    watchServers,
    // Loaded when a plugin first serves: a host without one never pays for it.
    serve: async (options) => (await import("./node-serve.ts")).nodeServe(options),
    resolve: resolveLocal,
  };
}
