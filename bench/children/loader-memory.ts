// Reloads one small plugin `n` times and reports memory growth, in its own process so the two
// loaders cannot pollute each other's heap. Modes: `hotplug` (PluginLoader, evicting the old
// graph) and `naive` (import(path + "?v=" + n), nothing evicted).
// Usage: bun bench/children/loader-memory.ts <hotplug|naive> <n> <entry>
import { PluginLoader } from "../../src/plugin/loader/plugin-loader.ts";
import { createBunRuntime } from "../../src/runtime/bun-runtime.ts";

const [mode, count, entry] = process.argv.slice(2);
if ((mode !== "hotplug" && mode !== "naive") || !count || !entry) {
  throw new TypeError("Cannot run: usage loader-memory.ts <hotplug|naive> <n> <entry>");
}
const n = Number(count);

type Mod = { default: { setup(ctx: unknown): unknown } };
let load: () => Promise<Mod>;
if (mode === "hotplug") {
  const loader = new PluginLoader(createBunRuntime());
  let previous: readonly string[] = [];
  load = async () => {
    const graph = loader.scan(entry);
    const namespace = await loader.import(graph, previous);
    previous = graph.files;
    return namespace as unknown as Mod;
  };
} else {
  let version = 0;
  load = async () => (await import(`${entry}?v=${++version}`)) as Mod;
}

let api: unknown;
const reload = async () => {
  api = (await load()).default.setup({ generation: 0 });
};

const sample = () => {
  Bun.gc(true);
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
};

for (let i = 0; i < 100; i++) await reload(); // warm-up: caches, JIT, transpiler
const before = sample();
const t0 = performance.now();
let middle = before;
for (let i = 0; i < n; i++) {
  await reload();
  if (i === (n >> 1) - 1) middle = sample();
  if (i % 2000 === 1999) process.stderr.write(`${mode}: ${i + 1}/${n}\n`);
}
const ms = performance.now() - t0;
const after = sample();
process.stdout.write(
  `${JSON.stringify({
    type: "bench:memory",
    mode,
    n,
    ms,
    rssGrowth: after.rss - before.rss,
    heapGrowth: after.heapUsed - before.heapUsed,
    rssGrowthSecondHalf: after.rss - middle.rss,
    alive: api !== undefined,
  })}\n`,
);
