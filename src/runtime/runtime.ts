import type { SourceLocation } from "../errors/source-location.ts";
import type { HttpServer, ServeOptions } from "./http-server.ts";
import type { SerialLock } from "./serial-lock.ts";
import type { ServerWatch } from "./server-watch.ts";
import type { WorkerEndpoint } from "./worker-endpoint.ts";

/** Closed set of runtimes hotplug knows, decided once at start-up (hono's getRuntimeKey). */
export type RuntimeKey = "bun" | "deno" | "node" | "other";

/** What the core needs from the runtime, and nothing else: the rest of src/ is runtime-free. */
export interface Runtime {
  readonly key: RuntimeKey;
  /** The module cache is process-wide, so imports and evictions share one lock per process. */
  readonly moduleLock: SerialLock;
  /**
   * Whether `evict` really frees modules (Bun). Where it does not (Node, Deno), every reload
   * keeps its modules: about 16-22 KB of RSS per small module per reload.
   */
  readonly canEvict: boolean;
  /**
   * A specifier that makes the runtime evaluate `file` and its local imports anew for each new
   * `version`: `path?v=N` on Bun; a `file://` URL on Node and Deno, where nothing can be
   * evicted, so they hand out a specifier never used before in the process on every call.
   */
  versionedSpecifier(file: string, version: number): string;
  /** Drops these cache keys (helper paths, versioned entry specifiers) from the module cache. */
  evict(keys: Iterable<string>): void;
  /**
   * Drops every cache key under these folders (an installed package's real root), so the next
   * import evaluates that package anew. Frees nothing where `evict` frees nothing.
   */
  evictUnder(folders: Iterable<string>): void;
  /** Specifiers a module imports at run time (static, dynamic, re-exports; not `import type`). */
  scanImports(file: string, source: string): string[];
  /** The file on disk behind a module location in a stack frame (versioned path or URL). */
  sourcePath(location: string): string;
  /**
   * Where a syntax error is among `files` (a failed import's local graph), for a runtime whose
   * error names no position (Node: its ES module SyntaxError has neither file nor line).
   * Bun and Deno put the position into the error, and leave this out.
   */
  locateSyntaxError?(error: unknown, files: readonly string[]): Promise<SourceLocation | undefined>;
  /** Absolute path of `specifier` imported from a file in `fromDir`, or undefined. */
  resolve(specifier: string, fromDir: string): string | undefined;
  /** Starts the module at `url` in a new Worker (Bun, Deno) or worker thread (Node). */
  spawnWorker(url: URL, name: string): WorkerEndpoint;
  /**
   * Tells `watch` of every server opened from now on (`node:http`/`node:net` listens, and
   * `Bun.serve` or `Deno.serve`), until the returned undo puts the patched functions back.
   */
  watchServers(watch: ServerWatch): () => void;
  /**
   * Listens at `options.address` and hands every request to `options.fetch`: `Bun.serve` on
   * Bun, `Deno.serve` on Deno, `node:http` on Node (no WebSockets there). Rejects when the
   * address cannot be bound (EADDRINUSE, EACCES).
   */
  serve(options: ServeOptions): Promise<HttpServer>;
}
