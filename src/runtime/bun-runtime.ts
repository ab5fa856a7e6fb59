import type { Runtime } from "./runtime.ts";
import { SerialLock } from "./serial-lock.ts";

// Bun's module cache is one per process; evicting while an import is in flight has crashed Bun,
// so every instance of this runtime shares the lock.
const moduleLock = new SerialLock();

const loaderFor = (file: string): "ts" | "tsx" | "js" | "jsx" => {
  if (file.endsWith(".tsx")) return "tsx";
  if (file.endsWith(".jsx")) return "jsx";
  if (/\.[mc]?js$/.test(file)) return "js";
  return "ts";
};

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
    evict(files) {
      const drop = new Set(files);
      // A module whose evaluation failed is not listed by Object.keys but is still cached.
      for (const file of drop) delete require.cache[file];
      for (const key of Object.keys(require.cache)) {
        const q = key.indexOf("?");
        if (drop.has(q === -1 ? key : key.slice(0, q))) delete require.cache[key];
      }
    },
    scanImports(file, source) {
      const loader = loaderFor(file);
      let transpiler = transpilers.get(loader);
      if (!transpiler) {
        transpiler = new Bun.Transpiler({ loader });
        transpilers.set(loader, transpiler);
      }
      return transpiler.scanImports(source).map((entry) => entry.path);
    },
    resolve(specifier, fromDir) {
      try {
        return Bun.resolveSync(specifier, fromDir);
      } catch {
        return undefined;
      }
    },
  };
}
