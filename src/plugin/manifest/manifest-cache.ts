import { join, resolve } from "node:path";
import { type FileStat, observe } from "../../fs/file-stat.ts";
import { lstatQuietly, statQuietly } from "../../fs/stat-quietly.ts";
import { type LoadedManifest, MANIFEST_FILE } from "./read-manifest.ts";
import { DEFAULT_ENTRIES } from "./resolve-entry.ts";

interface Cached {
  readonly loaded: LoadedManifest;
  readonly stat: FileStat;
}

/**
 * The manifests as last read, so that a save of a plugin's code does not parse, validate and
 * resolve an unchanged plugin.json again (a fifth of a `--debounce 0` reload). Stat is a hint:
 * a manifest is reused only while its file provably holds the same bytes (any stat field
 * moved: read again; a stat too close to the file's own timestamps: compared by content).
 */
export class ManifestCache {
  readonly #entries = new Map<string, Cached>();

  /** The manifest of the plugin folder `dir`, from the cache or read by `read`. */
  async get(dir: string, read: () => Promise<LoadedManifest>): Promise<LoadedManifest> {
    const file = join(dir, MANIFEST_FILE);
    // Before the read: a write during it shows as a changed stat next time.
    const st = statQuietly(file);
    const now = Date.now();
    const cached = this.#entries.get(dir);
    if (st && cached && observe(file, st, cached.stat, now) === cached.stat && stillFile(cached)) {
      return cached.loaded;
    }
    this.#entries.delete(dir);
    const loaded = await read();
    if (st && entryIsFixed(loaded))
      this.#entries.set(dir, { loaded, stat: observe(file, st, undefined, now) });
    return loaded;
  }
}

/**
 * The entry is still a plain file where it was resolved: one replaced by a symlink (perhaps
 * leading out of the plugin folder) must be resolved, and refused, again.
 */
const stillFile = ({ loaded }: Cached) => lstatQuietly(loaded.entryPath)?.isFile() === true;

/**
 * Whether the entry follows from the manifest alone: the file it names, or the first default,
 * as it is, not through a symlink (whose target can move while the manifest stays). With
 * index.js as the default, an index.ts created later would take over: not fixed either.
 */
function entryIsFixed({ manifest, dir, entryPath }: LoadedManifest): boolean {
  return entryPath === resolve(dir, manifest.entry ?? DEFAULT_ENTRIES[0]);
}
