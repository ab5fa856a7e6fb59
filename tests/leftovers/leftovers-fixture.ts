import { afterEach } from "bun:test";
import type { LeftoverReport } from "../../src/leftovers/leftover-report.ts";
import {
  type LeftoversMode,
  LeftoversRecorder,
  type RecordedGeneration,
} from "../../src/leftovers/leftovers-recorder.ts";
import { PluginLoader } from "../../src/plugin/loader/plugin-loader.ts";
import { createBunRuntime } from "../../src/runtime/bun-runtime.ts";
import { PluginsDir } from "../support/plugin-fixture.ts";

interface PluginModule {
  setup(ctx: { name: string; generation: number }): unknown;
  stop?(ctx: { name: string; generation: number }): unknown;
}

/** A generation imported and set up the way the host does it, hooks run in its scope. */
export interface Running<Api> {
  readonly api: Api;
  readonly generation: RecordedGeneration;
  /** stop(), then what it left. */
  stop(): Promise<LeftoverReport>;
}

/** A plugins folder, a loader over the Bun runtime and a recorder, all undone after each test. */
export function useLeftovers() {
  const runtime = createBunRuntime();
  const made: { dir: PluginsDir; recorders: LeftoversRecorder[] }[] = [];
  afterEach(async () => {
    for (const { dir, recorders } of made.splice(0)) {
      for (const recorder of recorders) recorder.dispose();
      await dir.dispose();
    }
  });
  return {
    runtime,
    async create(mode: LeftoversMode = "clear") {
      const dir = await PluginsDir.create();
      const recorder = new LeftoversRecorder({ mode, runtime });
      const recorders = [recorder];
      made.push({ dir, recorders });
      recorder.install();
      const loader = new PluginLoader(runtime);
      const importPlugin = async <Api>(name: string, by: LeftoversRecorder = recorder) => {
        const graph = loader.scan(dir.path(name, "index.ts"));
        const module = (await loader.import(graph)).default as PluginModule;
        return {
          files: graph.files,
          async begin(number: number): Promise<Running<Api>> {
            const generation = by.begin(name, number, graph.files);
            const ctx = { name, generation: number };
            const api = (await generation.run(() => module.setup(ctx))) as Api;
            return {
              api,
              generation,
              async stop() {
                await generation.run(() => module.stop?.(ctx));
                return generation.end();
              },
            };
          },
        };
      };
      return {
        dir,
        recorder,
        /** Another host in the same process: its own recorder over the same folder. */
        another(otherMode: LeftoversMode = "clear") {
          const other = new LeftoversRecorder({ mode: otherMode, runtime });
          recorders.push(other);
          other.install();
          return other;
        },
        /** Imports `name`'s entry now; `begin` then sets it up as generation `number`. */
        import: importPlugin,
        start: async <Api>(name: string, number = 1) =>
          (await importPlugin<Api>(name)).begin(number),
      };
    },
  };
}

/** Line and column (1-based) of the first `text` in `source`: where a frame points. */
export function where(source: string, text: string): { line: number; column: number } {
  const at = source.indexOf(text);
  if (at < 0) throw new Error(`no ${text} in the source`);
  const before = source.slice(0, at).split("\n");
  return { line: before.length, column: (before.at(-1) as string).length + 1 };
}
