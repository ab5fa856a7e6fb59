import type { SourceLocation } from "../../errors/source-location.ts";
import type { Runtime } from "../../runtime/runtime.ts";
import { withDeadline } from "../run-hook.ts";
import { GraphScanner, type ModuleGraph } from "./module-graph.ts";

/**
 * Imports plugin entries so that each import runs the code on disk now: a new versioned
 * specifier for the entry, and the plugin's local graph evicted first so edited helpers are
 * evaluated again and old generations do not pile up in the module cache.
 */
export class PluginLoader {
  readonly #runtime: Runtime;
  readonly #scanner: GraphScanner;
  #version = 0;
  /** The versioned specifier each entry was last imported under: the cache key to evict. */
  readonly #specifiers = new Map<string, string>();

  constructor(runtime: Runtime) {
    this.#runtime = runtime;
    this.#scanner = new GraphScanner(runtime);
  }

  /** The entry's local graph as it is on disk now, with the digest of every file read. */
  scan(entry: string): ModuleGraph {
    return this.#scanner.scan(entry);
  }

  /**
   * Imports `graph.entry` (scanned just before: the graph the import is about to evaluate).
   * `previous` is the graph of the generation being replaced: helpers it no longer imports
   * are dropped too. A failed import is evicted as well, since Bun keeps a module whose
   * evaluation threw.
   */
  import(
    graph: ModuleGraph,
    previous: Iterable<string> = [],
    timeoutMs = Number.POSITIVE_INFINITY,
  ): Promise<Record<string, unknown>> {
    return this.#runtime.moduleLock.run(async () => {
      const { entry, files } = graph;
      this.#evict([...previous, ...files]);
      const specifier = this.#runtime.versionedSpecifier(entry, ++this.#version);
      this.#specifiers.set(entry, specifier);
      try {
        // A top-level await that never settles must not hold the lock, and every plugin
        // import behind it, forever: past the deadline the import is abandoned.
        const namespace: Promise<Record<string, unknown>> = import(specifier);
        return await withDeadline(namespace, "import", timeoutMs);
      } catch (error) {
        this.#evict(files);
        throw error;
      }
    });
  }

  /** The file behind a module location in a stack trace (a versioned specifier, say). */
  sourcePath(location: string): string {
    return this.#runtime.sourcePath(location);
  }

  /** Where in the graph's `files` a syntax error is, when the runtime's error does not say. */
  locateSyntaxError(error: unknown, files: readonly string[]): Promise<SourceLocation | undefined> {
    if (!this.#runtime.locateSyntaxError) return Promise.resolve(undefined);
    return this.#runtime.locateSyntaxError(error, files);
  }

  /** Forgets a dropped generation's modules so they can be collected. */
  release(files: Iterable<string>): Promise<void> {
    const list = [...files];
    return this.#runtime.moduleLock.run(async () => {
      this.#evict(list);
      for (const file of list) this.#specifiers.delete(file);
    });
  }

  #evict(files: readonly string[]): void {
    const keys = [...files];
    for (const file of files) {
      const specifier = this.#specifiers.get(file);
      if (specifier) keys.push(specifier);
    }
    this.#runtime.evict(keys);
  }
}
