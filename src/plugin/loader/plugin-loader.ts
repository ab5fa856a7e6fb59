import type { Runtime } from "../../runtime/runtime.ts";
import { localGraph } from "./local-graph.ts";

export interface ImportedModule {
  /** The module namespace of the entry. */
  readonly namespace: Record<string, unknown>;
  /** The entry's local import graph as it was imported: the files whose change reloads it. */
  readonly files: readonly string[];
}

/**
 * Imports plugin entries so that each import runs the code on disk now: a new versioned
 * specifier for the entry, and the plugin's local graph evicted first so edited helpers are
 * evaluated again and old generations do not pile up in the module cache.
 */
export class PluginLoader {
  readonly #runtime: Runtime;
  #version = 0;

  constructor(runtime: Runtime) {
    this.#runtime = runtime;
  }

  get runtime(): Runtime {
    return this.#runtime;
  }

  /**
   * `previous` is the graph of the generation being replaced: helpers it no longer imports
   * are dropped too. A failed import is evicted as well, since Bun keeps a module whose
   * evaluation threw.
   */
  import(entry: string, previous: Iterable<string> = []): Promise<ImportedModule> {
    return this.#runtime.moduleLock.run(async () => {
      const before = await localGraph(this.#runtime, entry);
      this.#runtime.evict([...previous, ...before]);
      const specifier = this.#runtime.versionedSpecifier(entry, ++this.#version);
      try {
        const namespace = (await import(specifier)) as Record<string, unknown>;
        return { namespace, files: await localGraph(this.#runtime, entry) };
      } catch (error) {
        this.#runtime.evict([specifier, ...(await localGraph(this.#runtime, entry))]);
        throw error;
      }
    });
  }

  /** Forgets a dropped generation's modules so they can be collected. */
  release(files: Iterable<string>): Promise<void> {
    const list = [...files];
    return this.#runtime.moduleLock.run(async () => this.#runtime.evict(list));
  }
}
