// Runs one generation of the plugin at argv[2] under whatever runtime runs this file (Deno in
// the test), with a recorder in clear mode, and prints its report as JSON on stdout.
import process from "node:process";
import { LeftoversRecorder } from "../../../src/leftovers/leftovers-recorder.ts";
import { PluginLoader } from "../../../src/plugin/loader/plugin-loader.ts";
import { detectRuntime } from "../../../src/runtime/detect-runtime.ts";

interface Plugin {
  setup(ctx: { name: string; generation: number }): unknown;
}

const entry = process.argv[2] as string;
const runtime = detectRuntime();
const recorder = new LeftoversRecorder({ mode: "clear", runtime });
recorder.install();
const loader = new PluginLoader(runtime);
const graph = loader.scan(entry);
const plugin = (await loader.import(graph)).default as Plugin;
const generation = recorder.begin("forgetful", 1, graph.files);
await generation.run(() => plugin.setup({ name: "forgetful", generation: 1 }));
process.stdout.write(`${JSON.stringify(generation.end())}\n`);
recorder.dispose();
(runtime as { dispose?(): void }).dispose?.();
