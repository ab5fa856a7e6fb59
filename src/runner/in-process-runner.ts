import { shownPath } from "../errors/shown-path.ts";
import type { LeftoversRecorder } from "../leftovers/leftovers-recorder.ts";
import type { Candidate, Generation, GenerationRunner } from "../plugin/generation-runner.ts";
import { candidateFacts } from "../plugin/generation-runner.ts";
import type { PluginLoader } from "../plugin/loader/plugin-loader.ts";
import { LocalGeneration } from "../plugin/local-generation.ts";
import { validatePlugin } from "../plugin/validate-plugin.ts";
import { loadFailure, refuseSpecialFiles } from "./load-failure.ts";

/**
 * Generations in the host's own process: fast, and sharing its fate (`isolation: "none"`).
 * `recorder` records what each generation's code creates, to tell what it left.
 */
export function inProcessRunner(
  loader: PluginLoader,
  recorder: LeftoversRecorder,
): GenerationRunner {
  return {
    isolation: "none",
    async load(request): Promise<Candidate> {
      const { loaded, graph, previousFiles, timeoutMs, cwd } = request;
      const { manifest, entryPath } = loaded;
      refuseSpecialFiles(request);
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
        manifest.listen,
      );
      const candidate: Candidate = {
        ...candidateFacts(loaded, "none"),
        async start(options): Promise<Generation> {
          const leftovers =
            recorder.mode === "off"
              ? undefined
              : {
                  recorded: recorder.begin(candidate.name, options.number, graph.files),
                  report: options.onLeftovers,
                };
          const local = await LocalGeneration.setUp(
            { ...candidate, ...options, plugin, config, leftovers },
            options.timeoutMs,
          );
          await local.start(options.timeoutMs);
          const { serving } = local;
          return {
            number: options.number,
            candidate,
            api: local.api,
            stop: (timeoutMs) => local.stop(timeoutMs),
            snapshot: (timeoutMs) => local.snapshot(timeoutMs),
            health: (timeoutMs) => local.health(timeoutMs),
            ...(serving ? { serving: { generation: options.number, ...serving } } : {}),
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
