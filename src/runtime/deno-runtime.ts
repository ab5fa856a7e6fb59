import { symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { pathToFileURL } from "node:url";
import { makeLinkFolder, removeLinkFolder } from "./deno-link-folders.ts";
import { resolveLocal } from "./resolve-local.ts";
import type { Runtime } from "./runtime.ts";
import { scanImports } from "./scan-imports.ts";
import { SerialLock } from "./serial-lock.ts";
import { type ServeShape, watchServers } from "./server-watch.ts";
import { plainSourcePath } from "./source-path.ts";
import { webWorker } from "./web-worker.ts";

const moduleLock = new SerialLock();

/** `shutdown()` closes a `Deno.serve` server; its `finished` promise settles when it has closed. */
const DENO_SERVE: ServeShape = { close: ["shutdown"], closedBy: { promise: "finished" } };

/**
 * Deno 2 caches modules by URL and has no eviction, and a query on the entry does not reach
 * the modules it imports. So each import goes through a new path instead: `<tmp>/<n>` is a
 * symlink to `/`, and the entry is imported as `file://<tmp>/<n>/<real path>?v=<n>`. Deno keys
 * modules by that unresolved path, so the entry's relative imports (`./helper.ts`,
 * `../_shared/util.ts`) get new URLs too and run their code on disk now. Deno cannot drop a
 * module: every reload keeps its graph in memory (worker isolation frees it). The links are
 * removed when the process exits, and by the next host if it was killed.
 */
export function createDenoRuntime(): Runtime & { dispose(): void } {
  let dir: string | undefined;
  let count = 0;
  const removeLinks = () => {
    try {
      if (dir !== undefined) removeLinkFolder(dir);
    } catch {
      // already gone: the OS cleans its temp folder
    }
    process.off("exit", removeLinks);
    dir = undefined;
  };
  return {
    key: "deno",
    moduleLock,
    canEvict: false,
    versionedSpecifier(file) {
      if (dir === undefined) {
        dir = makeLinkFolder(tmpdir());
        process.once("exit", removeLinks);
      }
      const n = ++count;
      const link = join(dir, String(n));
      symlinkSync("/", link, "dir");
      return `${pathToFileURL(join(link, file)).href}?v=${n}`;
    },
    evict() {},
    evictUnder() {},
    // `<links dir>/<n>/a/b.ts` is `/a/b.ts` seen through link n.
    sourcePath: plainSourcePath,
    scanImports: (_file, source) => scanImports(source),
    spawnWorker: webWorker,
    watchServers: (watch) =>
      watchServers(watch, (globalThis as { Deno?: object }).Deno, DENO_SERVE),
    // Loaded when a plugin first serves: a host without one never pays for it.
    serve: async (options) => (await import("./deno-serve.ts")).denoServe(options),
    resolve: resolveLocal,
    /** Removes the links now (the process's exit does it too); later imports make new ones. */
    dispose: removeLinks,
  };
}
