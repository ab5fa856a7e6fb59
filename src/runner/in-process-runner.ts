import { shownPath } from "../errors/shown-path.ts";
import type { Candidate, Generation, GenerationRunner } from "../plugin/generation-runner.ts";
import { candidateFacts } from "../plugin/generation-runner.ts";
import type { PluginLoader } from "../plugin/loader/plugin-loader.ts";
import { LocalGeneration } from "../plugin/local-generation.ts";
import { validatePlugin } from "../plugin/validate-plugin.ts";
import { loadFailure } from "./load-failure.ts";

/** Generations in the host's own process: fast, and sharing its fate (`isolation: "none"`). */
export function inProcessRunner(loader: PluginLoader): GenerationRunner {
  return {
    isolation: "none",
    async load(request): Promise<Candidate> {
      const { loaded, graph, previousFiles, timeoutMs, cwd } = request;
      const { manifest, entryPath } = loaded;
      let namespace: Record<string, unknown>;
      try {
        namespace = await loader.import(graph, previousFiles, timeoutMs);
      } catch (cause) {
        throw await loadFailure(cause, request, loader);
      }
      const shown = { entry: shownPath(entryPath, cwd), manifest: loaded.file };
      const { plugin, config } = await validatePlugin(
        manifest.name,
        shown,
        namespace,
        manifest.config ?? {},
      );
      const candidate: Candidate = {
        ...candidateFacts(loaded, "none"),
        async start(options): Promise<Generation> {
          const local = await LocalGeneration.setUp(
            { ...candidate, ...options, plugin, config },
            options.timeoutMs,
          );
          await local.start(options.timeoutMs);
          return {
            number: options.number,
            candidate,
            api: local.api,
            stop: (timeoutMs) => local.stop(timeoutMs),
            snapshot: (timeoutMs) => local.snapshot(timeoutMs),
            health: (timeoutMs) => local.health(timeoutMs),
          };
        },
        // The module stays cached until the next import of this plugin evicts it.
        dispose: () => Promise.resolve(),
      };
      return candidate;
    },
    release: (files) => loader.release(files),
    close: () => Promise.resolve(),
  };
}
