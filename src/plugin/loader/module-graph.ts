import { readFileSync } from "node:fs";
import { dirname, isAbsolute } from "node:path";
import { contentDigest } from "../../fs/content-digest.ts";
import { fileKind } from "../../fs/file-kind.ts";
import type { FileStat } from "../../fs/file-stat.ts";
import { statQuietly } from "../../fs/stat-quietly.ts";
import type { Runtime } from "../../runtime/runtime.ts";
import { type InstalledPackage, installedPackageOf, isInstalled } from "./installed-package.ts";
import { statOfRead } from "./stat-of-read.ts";

/** The files a plugin's import reads, each with the digest of the bytes the scan read. */
export interface ModuleGraph {
  readonly entry: string;
  /**
   * Every module reachable from the entry outside node_modules, entry first, by its real path:
   * relative imports, tsconfig `paths` and `baseUrl`, package.json `imports`, workspace
   * packages linked into node_modules, JSON and other loader files.
   */
  readonly files: readonly string[];
  /** path -> digest of its bytes; undefined for a file that could not be read. */
  readonly digests: ReadonlyMap<string, string | undefined>;
  /** path -> its stat just before the scan read it: a later look hashes it only if it moved. */
  readonly stats: ReadonlyMap<string, FileStat>;
  /**
   * The installed packages these files import (not their files, nor what they import): an
   * install that changes one reloads its importers. Absent where nothing was scanned.
   */
  readonly packages?: readonly InstalledPackage[];
  /**
   * path -> what it is (`a FIFO`, `a character device`), for an import that leads to something
   * other than a regular file: never read, and the load refuses it before the runtime's import
   * could block on it (Deno's does). Absent where there is none.
   */
  readonly special?: ReadonlyMap<string, string>;
}

const SCANNABLE = /\.(?:[mc]?[jt]s|[jt]sx)$/;
const utf8 = new TextDecoder();

/**
 * Scans plugin entries for their local module graphs. What a file imports is kept per content
 * digest, so a save that changes no import (nearly every save) costs one read and one hash
 * per file, not a parse; resolution is redone every time, since a new file on disk can change
 * where an unchanged specifier leads.
 */
export class GraphScanner {
  readonly #runtime: Runtime;
  readonly #specifiers = new Map<string, { digest: string; specifiers: string[] }>();

  constructor(runtime: Runtime) {
    this.#runtime = runtime;
  }

  /**
   * Every module reachable from `entry` by run-time imports, each resolved by the runtime's own
   * resolver (never by the shape of the specifier). A module under node_modules is not
   * followed: its package is noted instead. Unreadable or unresolvable imports are skipped
   * here; the import itself reports them.
   */
  scan(entry: string): ModuleGraph {
    const digests = new Map<string, string | undefined>();
    const stats = new Map<string, FileStat>();
    const packages = new Map<string, InstalledPackage>();
    const special = new Map<string, string>();
    const queue = [entry];
    digests.set(entry, undefined);
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      // Before the read: a write during it shows as a moved stat at the next look.
      const st = statQuietly(file);
      const now = Date.now();
      // Only a regular file is read: a FIFO would block the host and a device never ends.
      if (!st?.isFile()) {
        if (st && !st.isDirectory()) special.set(file, fileKind(st));
        continue;
      }
      let bytes: Uint8Array;
      try {
        // Synchronous: small local files on every reload, where Bun's promise-based fs costs
        // ten times more per call.
        bytes = readFileSync(file);
      } catch {
        continue;
      }
      const digest = contentDigest(bytes);
      digests.set(file, digest);
      if (st) stats.set(file, statOfRead(st, digest, now));
      if (!SCANNABLE.test(file)) continue;
      const from = dirname(file);
      for (const specifier of this.#importsOf(file, digest, bytes)) {
        const resolved = this.#runtime.resolve(specifier, from);
        // Built-ins (`node:fs`) and URLs resolve to themselves: nothing on disk to follow.
        if (!resolved || !isAbsolute(resolved) || digests.has(resolved)) continue;
        if (isInstalled(resolved)) {
          const pkg = installedPackageOf(resolved, from);
          if (!packages.has(pkg.path)) packages.set(pkg.path, pkg);
          continue;
        }
        digests.set(resolved, undefined);
        queue.push(resolved);
      }
    }
    const files = [...digests.keys()];
    const graph = { entry, files, digests, stats, packages: [...packages.values()] };
    return special.size > 0 ? { ...graph, special } : graph;
  }

  #importsOf(file: string, digest: string, bytes: Uint8Array): string[] {
    const known = this.#specifiers.get(file);
    if (known?.digest === digest) return known.specifiers;
    let specifiers: string[];
    try {
      specifiers = this.#runtime.scanImports(file, utf8.decode(bytes));
    } catch {
      specifiers = []; // a syntax error: the import reports it with its position
    }
    this.#specifiers.set(file, { digest, specifiers });
    return specifiers;
  }
}
