import { sep } from "node:path";
import type { Runtime } from "./runtime.ts";
import { SerialLock } from "./serial-lock.ts";
import { type ServeShape, watchServers } from "./server-watch.ts";
import { plainSourcePath } from "./source-path.ts";
import { webWorker } from "./web-worker.ts";

// Bun's module cache is one per process; evicting while an import is in flight has crashed Bun,
// so every instance of this runtime shares the lock.
const moduleLock = new SerialLock();

const loaderFor = (file: string): "ts" | "tsx" | "js" | "jsx" => {
  if (file.endsWith(".tsx")) return "tsx";
  if (file.endsWith(".jsx")) return "jsx";
  if (/\.[mc]?js$/.test(file)) return "js";
  return "ts";
};

/** `stop(true)` closes open connections too; an owner's own stop() is seen by wrapping it. */
const BUN_SERVE: ServeShape = { close: ["stop", true], closedBy: { call: "stop" } };

/**
 * Bun: a plain absolute path plus `?v=N` re-evaluates the entry (a file:// URL ignores the
 * query), and deleting keys from `require.cache` (which lists ES modules too) both frees the
 * old modules and makes the next import re-evaluate the helpers.
 */
export function createBunRuntime(): Runtime {
  const transpilers = new Map<string, InstanceType<typeof Bun.Transpiler>>();
  return {
    key: "bun",
    moduleLock,
    canEvict: true,
    versionedSpecifier: (file, version) => `${file}?v=${version}`,
    // Exact keys, no scan of the cache: the loader knows every specifier it used. Deleting
    // also works for a module whose evaluation failed, which Object.keys does not list.
    evict(keys) {
      for (const key of keys) delete require.cache[key];
    },
    // A package's modules are every key under its root: their paths are not known one by one.
    evictUnder(folders) {
      const prefixes = [...folders].map((folder) => (folder.endsWith(sep) ? folder : folder + sep));
      if (prefixes.length === 0) return;
      for (const key of Object.keys(require.cache)) {
        if (prefixes.some((prefix) => key.startsWith(prefix))) delete require.cache[key];
      }
    },
    sourcePath: plainSourcePath,
    scanImports(file, source) {
      const loader = loaderFor(file);
      let transpiler = transpilers.get(loader);
      if (!transpiler) {
        transpiler = new Bun.Transpiler({ loader });
        transpilers.set(loader, transpiler);
      }
      return transpiler.scanImports(source).map((entry) => entry.path);
    },
    spawnWorker: webWorker,
    watchServers: (watch) => watchServers(watch, Bun, BUN_SERVE),
    // Loaded when a plugin first serves: a host without one never pays for it.
    serve: async (options) => (await import("./bun-serve.ts")).bunServe(options),
    resolve(specifier, fromDir) {
      try {
        return Bun.resolveSync(specifier, fromDir);
      } catch {
        return undefined;
      }
    },
  };
}
