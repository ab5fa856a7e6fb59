import { basename, dirname, isAbsolute, relative } from "node:path";
import type { Candidate } from "./generation.ts";
import { importFailure } from "./import-failure.ts";
import type { PluginLoader } from "./loader/plugin-loader.ts";
import { type LoadedManifest, readManifest } from "./manifest/read-manifest.ts";
import { ReloadError } from "./reload-error.ts";
import { validateConfig } from "./validate-config.ts";
import { validateModule } from "./validate-module.ts";

export interface PrepareOptions {
  readonly loader: PluginLoader;
  /** The plugins folder: paths in messages are shown relative to its parent. */
  readonly root: string;
  /** The graph of the generation being replaced, evicted with the new import. */
  readonly previousFiles?: readonly string[];
  /** Bound on the import, like every other step of a reload. */
  readonly timeoutMs?: number;
}

/** Manifest, then manifest-only phases: a disabled plugin needs no import. */
export async function prepareManifest(dir: string, root: string): Promise<LoadedManifest> {
  try {
    return await readManifest(dir, { displayPath: displayPath(root, `${dir}/plugin.json`) });
  } catch (cause) {
    throw new ReloadError(cause instanceof Error ? cause.message : String(cause), {
      pluginName: basename(dir),
      phase: "manifest",
      cause,
      file: `${dir}/plugin.json`,
    });
  }
}

/** How messages show a file: relative to the plugins folder's parent (`plugins/a/index.ts`). */
export const displayPath = (root: string, file: string) =>
  isAbsolute(file) ? relative(dirname(root), file) || file : file;

/** Import and validate: phases 2 and 3 of the reload transaction; touch nothing running. */
export async function prepareModule(
  loaded: LoadedManifest,
  options: PrepareOptions,
): Promise<Candidate> {
  const { manifest, entryPath } = loaded;
  const shown = displayPath(options.root, entryPath);
  let imported: Awaited<ReturnType<PluginLoader["import"]>>;
  try {
    imported = await options.loader.import(entryPath, options.previousFiles, options.timeoutMs);
  } catch (cause) {
    throw await importFailure(cause, {
      pluginName: manifest.name,
      entryPath,
      root: options.root,
      sourcePath: (location) => options.loader.sourcePath(location),
      show: (file) => displayPath(options.root, file),
      locateSyntaxError: () => options.loader.locateSyntaxError(cause, entryPath),
    });
  }
  const plugin = validateModule(manifest.name, shown, imported.namespace);
  const config = await validateConfig(
    manifest.name,
    loaded.file,
    plugin.configSchema,
    manifest.config ?? {},
  );
  return {
    name: manifest.name,
    version: manifest.version,
    dir: loaded.dir,
    entry: entryPath,
    plugin,
    config,
    dependsOn: manifest.dependsOn ?? [],
    isolation: manifest.isolation ?? "none",
    swap: manifest.swap ?? "stop-first",
    files: imported.files,
  };
}
