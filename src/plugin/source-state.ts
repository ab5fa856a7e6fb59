import { join, relative, sep } from "node:path";
import { fileDigest } from "../fs/content-digest.ts";
import type { ModuleGraph } from "./loader/module-graph.ts";
import type { LoadedManifest } from "./manifest/read-manifest.ts";
import type { SourceState } from "./runner/generation-runner.ts";

export function sourceOf(loaded: LoadedManifest, graph: ModuleGraph): SourceState {
  return { dir: loaded.dir, manifestFile: loaded.path, manifestDigest: loaded.digest, graph };
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

/** The files of `read` whose bytes on disk are no longer what was read. */
export function changedSince(read: SourceState): string[] {
  const changed: string[] = [];
  if (fileDigest(read.manifestFile) !== read.manifestDigest) changed.push(read.manifestFile);
  for (const [file, digest] of read.graph.digests) {
    if (fileDigest(file) !== digest) changed.push(file);
  }
  return changed;
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
