import { startGeneration } from "../generation.ts";
import { importFailure } from "../import-failure.ts";
import type { PluginLoader } from "../loader/plugin-loader.ts";
import { displayPath } from "../prepare-plugin.ts";
import { validateConfig } from "../validate-config.ts";
import { validateModule } from "../validate-module.ts";
import { type Candidate, candidateFacts, type GenerationRunner } from "./generation-runner.ts";

/** Generations in the host's own process: fast, and sharing its fate (`isolation: "none"`). */
export function inProcessRunner(loader: PluginLoader): GenerationRunner {
  return {
    isolation: "none",
    async load({ loaded, graph, previousFiles, timeoutMs, root }): Promise<Candidate> {
      const { manifest, entryPath } = loaded;
      let namespace: Record<string, unknown>;
      try {
        namespace = await loader.import(graph, previousFiles, timeoutMs);
      } catch (cause) {
        throw await importFailure(cause, {
          pluginName: manifest.name,
          entryPath,
          root,
          sourcePath: (location) => loader.sourcePath(location),
          show: (file) => displayPath(root, file),
          locateSyntaxError: () => loader.locateSyntaxError(cause, graph.files),
        });
      }
      const plugin = validateModule(manifest.name, displayPath(root, entryPath), namespace);
      const config = await validateConfig(
        manifest.name,
        loaded.file,
        plugin.configSchema,
        manifest.config ?? {},
      );
      const candidate: Candidate = {
        ...candidateFacts(loaded, "none"),
        start: (options) => startGeneration(candidate, plugin, config, options),
        // The module stays cached until the next import of this plugin evicts it.
        dispose: () => Promise.resolve(),
      };
      return candidate;
    },
    release: (files) => loader.release(files),
    close: () => Promise.resolve(),
  };
}
