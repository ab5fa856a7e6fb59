// One HTTP server for the dispatch micro-arm: a bare Bun.serve handler, or the same handler
// behind a PluginListener (the host's dispatch). Prints {"type":"serve:ready"} when listening.
// Usage: bun bench/children/serve-dispatch.ts bare|listener <port>
import { createBunRuntime } from "../../src/runtime/bun-runtime.ts";
import { PluginListener } from "../../src/serve/plugin-listener.ts";

const [mode, port] = process.argv.slice(2);
const handler = () => new Response("hello world");
if (mode === "bare") {
  Bun.serve({ port: Number(port), hostname: "127.0.0.1", fetch: handler });
} else {
  const listener = await PluginListener.open({
    plugin: "bench",
    address: { port: Number(port), hostname: "127.0.0.1" },
    runtime: createBunRuntime(),
  });
  listener.serve({ generation: 1, fetch: handler });
}
process.stdout.write(`${JSON.stringify({ type: "serve:ready" })}\n`);
