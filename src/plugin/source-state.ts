import { join, relative, sep } from "node:path";
import { fileDigest } from "../fs/content-digest.ts";
import { type FileStat, sameFile } from "../fs/file-stat.ts";
import { statQuietly } from "../fs/stat-quietly.ts";
import type { ModuleGraph } from "./loader/module-graph.ts";
import { statOfRead } from "./loader/stat-of-read.ts";
import { type LoadedManifest, MANIFEST_FILE } from "./manifest/read-manifest.ts";

/** The code a record's generations come from, as read from disk: what "unchanged" compares. */
export interface SourceState {
  readonly dir: string;
  readonly manifestFile: string;
  readonly manifestDigest: string | undefined;
  /** The manifest's stat as it was read; without one, only its bytes tell a change. */
  readonly manifestStat?: FileStat | undefined;
  readonly graph: ModuleGraph;
}

/**
 * What was read of a plugin whose manifest in `dir` failed: the manifest's bytes and no graph,
 * so that only a later change of the file tries it again.
 */
export function manifestOnly(dir: string): SourceState {
  const manifestFile = join(dir, MANIFEST_FILE);
  const graph = { entry: "", files: [], digests: new Map(), stats: new Map() };
  return { dir, manifestFile, manifestDigest: fileDigest(manifestFile), graph };
}

export function sourceOf(loaded: LoadedManifest, graph: ModuleGraph): SourceState {
  // Stat'ed after the read (it may come from the manifest cache): a write since then moved its
  // ctime to now, which makes this stat racy, so the next look still compares bytes.
  const st = statQuietly(loaded.path);
  return {
    dir: loaded.dir,
    manifestFile: loaded.path,
    manifestDigest: loaded.digest,
    ...(st ? { manifestStat: statOfRead(st, loaded.digest, Date.now()) } : {}),
    graph,
  };
}

/**
 * `read` as its import left it: a file whose stat moved between the scan's read and the end of
 * the import may have been imported in any version it went through (a burst of `git checkout`s
 * can end on the bytes the scan read after the import read others). Its digest is dropped, so
 * the content check after the load reloads it rather than trusting the scan's bytes.
 */
export function afterImport(read: SourceState): SourceState {
  const now = Date.now();
  let digests: Map<string, string | undefined> | undefined;
  for (const [file, stat] of read.graph.stats) {
    const st = statQuietly(file);
    if (st && sameFile(stat, statOfRead(st, undefined, now))) continue;
    digests ??= new Map(read.graph.digests);
    digests.set(file, undefined);
  }
  return digests ? { ...read, graph: { ...read.graph, digests } } : read;
}

/**
 * Whether `next` holds the same bytes as `running`, file for file. A plugin whose folder moved
 * (a symlink swapped to a new release, a ConfigMap's `..data`) is compared at the same places
 * relative to its folder, so an unchanged plugin in a new release is not reloaded.
 */
export function sameSource(running: SourceState | undefined, next: SourceState): boolean {
  if (!running || running.manifestDigest !== next.manifestDigest) return false;
  const { digests } = running.graph;
  if (digests.size !== next.graph.digests.size) return false;
  const moved = (file: string) => join(next.dir, relative(running.dir, file));
  for (const [file, digest] of digests) {
    const there = next.graph.digests.get(running.dir === next.dir ? file : moved(file));
    if (digest === undefined || there !== digest) return false;
  }
  return true;
}

/**
 * The files of `read` whose bytes on disk are no longer what was read. Only files whose stat
 * moved, or was racy when read, are hashed: a proven, unmoved stat is the same bytes.
 */
export function changedSince(read: SourceState): string[] {
  const now = Date.now();
  const changed: string[] = [];
  const { manifestFile, manifestDigest, manifestStat, graph } = read;
  if (differs(manifestFile, manifestDigest, manifestStat, now)) changed.push(manifestFile);
  for (const [file, digest] of graph.digests) {
    if (differs(file, digest, graph.stats.get(file), now)) changed.push(file);
  }
  return changed;
}

function differs(
  file: string,
  digest: string | undefined,
  stat: FileStat | undefined,
  now: number,
): boolean {
  if (stat && stat.digest === undefined) {
    const st = statQuietly(file);
    if (st && sameFile(stat, statOfRead(st, undefined, now))) return false;
  }
  return fileDigest(file) !== digest;
}

/**
 * Changed files in the plugin's folder that no digest covers (a data file its setup() reads,
 * a template): a comparison by content proves nothing about them, so they reload the plugin.
 */
export function untracked(
  files: readonly string[],
  ...states: (SourceState | undefined)[]
): boolean {
  const known = new Set<string>();
  const dirs: string[] = [];
  for (const state of states) {
    if (!state) continue;
    known.add(state.manifestFile);
    for (const file of state.graph.files) known.add(file);
    dirs.push(`${state.dir}${sep}`);
  }
  return files.some((file) => !known.has(file) && dirs.some((dir) => file.startsWith(dir)));
}

/**
 * What a reload of `record` would run, judged by bytes before anything is imported: "running"
 * when its files hold what already serves, "failed" when they hold its last failed attempt
 * (trying again would fail the same way). Undefined when forced, when a file the request
 * names is not in either graph, or when the bytes are new.
 */
export function sameAsBefore(
  record: { readonly stale: boolean; readonly source?: SourceState; readonly read?: SourceState },
  read: SourceState,
  request: { readonly force: boolean; readonly files: readonly string[] },
): "running" | "failed" | undefined {
  if (request.force || untracked(request.files, record.source, read)) return undefined;
  if (record.stale) return sameSource(record.read, read) ? "failed" : undefined;
  return sameSource(record.source, read) ? "running" : undefined;
}
