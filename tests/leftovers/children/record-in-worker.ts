// A plugin worker's side of leftovers, as the worker bootstrap will do it: install a recorder
// first, import and run one generation, and send the host the report before it terminates us.
import { LeftoversRecorder } from "../../../src/leftovers/leftovers-recorder.ts";
import { PluginLoader } from "../../../src/plugin/loader/plugin-loader.ts";
import { createBunRuntime } from "../../../src/runtime/bun-runtime.ts";
import { connectToHost } from "../../../src/runtime/worker-host-port.ts";

interface Plugin {
  setup(ctx: { name: string; generation: number }): unknown;
  stop?(ctx: { name: string; generation: number }): unknown;
}

const runtime = createBunRuntime();
const recorder = new LeftoversRecorder({ mode: "clear", runtime });
recorder.install();
const host = await connectToHost((error) => host.post({ crashed: error.message }));
host.onMessage(async (message) => {
  const { name, entry } = message as { name: string; entry: string };
  const loader = new PluginLoader(runtime);
  const graph = loader.scan(entry);
  const plugin = (await loader.import(graph)).default as Plugin;
  const generation = recorder.begin(name, 7, graph.files);
  const ctx = { name, generation: 7 };
  await generation.run(() => plugin.setup(ctx));
  await generation.run(() => plugin.stop?.(ctx));
  host.post(generation.end());
});
