import type { SerialLock } from "./serial-lock.ts";

/** Closed set of runtimes hotplug knows, decided once at start-up (hono's getRuntimeKey). */
export type RuntimeKey = "bun" | "deno" | "node" | "other";

/** What the core needs from the runtime, and nothing else: the rest of src/ is runtime-free. */
export interface Runtime {
  readonly key: RuntimeKey;
  /** The module cache is process-wide, so imports and evictions share one lock per process. */
  readonly moduleLock: SerialLock;
  /** Whether `evict` really frees modules; where it does not, every reload keeps its modules. */
  readonly canEvict: boolean;
  /** A specifier that makes the runtime evaluate `file` anew for each new `version`. */
  versionedSpecifier(file: string, version: number): string;
  /** Drops `files` (paths or specifiers, and every versioned specifier of a path) from the cache. */
  evict(files: Iterable<string>): void;
  /** Specifiers a module imports at run time (static, dynamic, re-exports; not `import type`). */
  scanImports(file: string, source: string): string[];
  /** Absolute path of `specifier` imported from a file in `fromDir`, or undefined. */
  resolve(specifier: string, fromDir: string): string | undefined;
}
