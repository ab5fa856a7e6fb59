import { join } from "node:path";
import { BUN, Child } from "./lib/child.ts";
import { makeTemp, removeTemp } from "./lib/cleanup.ts";
import { writePlugin } from "./lib/plugins.ts";
import { figure, median } from "./lib/stats.ts";
import type { BenchContext, Benchmark } from "./lib/types.ts";

// A small plugin: a few functions and a bit of data, no imports.
const SOURCE = `const words = ${JSON.stringify(Array.from({ length: 50 }, (_, i) => `word${i}`))};
export default {
  setup(ctx) {
    let count = 0;
    return { hello: (who) => \`hello \${who} \${++count}\`, words, generation: ctx.generation };
  },
  stop() { return {}; },
};
`;

interface MemoryRun {
  ms: number;
  rssGrowth: number;
  heapGrowth: number;
  rssGrowthSecondHalf: number;
}

async function once(mode: "hotplug" | "naive", n: number, entry: string): Promise<MemoryRun> {
  const child = new Child([
    BUN,
    join(import.meta.dir, "children/loader-memory.ts"),
    mode,
    String(n),
    entry,
  ]);
  const { value } = await child.waitJson<MemoryRun>("bench:memory", 300_000);
  await child.stop();
  return value;
}

const MB = 1024 * 1024;

export const memory: Benchmark = {
  name: "memory",
  title: "Memory over many reloads: PluginLoader vs naive cache busting",
  async run(ctx: BenchContext) {
    const n = ctx.quick ? 1000 : 10_000;
    const repeats = ctx.quick ? 1 : 3;
    const base = await makeTemp("memory");
    const entry = writePlugin(base, "small", SOURCE);
    const runs: Record<"hotplug" | "naive", MemoryRun[]> = { hotplug: [], naive: [] };
    try {
      for (let i = 1; i <= repeats; i++) {
        for (const mode of ["hotplug", "naive"] as const) {
          ctx.progress(`run ${i}/${repeats}: ${mode}, ${n} reloads`);
          runs[mode].push(await once(mode, n, entry));
        }
      }
    } finally {
      await removeTemp(base);
    }
    const rss = (mode: "hotplug" | "naive") => runs[mode].map((r) => r.rssGrowth / MB);
    const heap = (mode: "hotplug" | "naive") => runs[mode].map((r) => r.heapGrowth / MB);
    const perReload = (mode: "hotplug" | "naive") => runs[mode].map((r) => r.rssGrowth / 1024 / n);
    // Growth per reload over the second half only: a leak keeps its slope, allocator warm-up does not.
    const slope = (mode: "hotplug" | "naive") =>
      runs[mode].map((r) => r.rssGrowthSecondHalf / 1024 / (n - (n >> 1)));
    const speed = (mode: "hotplug" | "naive") => runs[mode].map((r) => (r.ms * 1000) / n);
    const hotplugRss = median(rss("hotplug"));
    return {
      figures: [
        figure(`hotplug RSS growth (${n} reloads)`, "MB", rss("hotplug")),
        figure(`hotplug heap growth (${n} reloads)`, "MB", heap("hotplug")),
        figure("hotplug RSS per reload", "KB", perReload("hotplug")),
        figure("hotplug RSS per reload, second half", "KB", slope("hotplug")),
        figure("hotplug time per reload", "us", speed("hotplug")),
        figure(`naive RSS growth (${n} reloads)`, "MB", rss("naive")),
        figure(`naive heap growth (${n} reloads)`, "MB", heap("naive")),
        figure("naive RSS per reload", "KB", perReload("naive")),
        figure("naive RSS per reload, second half", "KB", slope("naive")),
        figure("naive time per reload", "us", speed("naive")),
      ],
      comparisons: [
        {
          name: "hotplug RSS growth",
          ratio: hotplugRss / median(rss("naive")),
          against: "naive RSS growth",
        },
        {
          name: "hotplug time per reload",
          ratio: median(speed("hotplug")) / median(speed("naive")),
          against: "naive time per reload",
        },
      ],
      targets: [
        {
          name: `RSS growth over ${n} reloads`,
          goal: "< 10 MB",
          actual: `${hotplugRss.toFixed(1)} MB`,
          met: hotplugRss < 10,
        },
      ],
      notes: [
        "Each loader runs in its own child (bench/children/loader-memory.ts): 100 warm-up reloads," +
          " Bun.gc(true), then n reloads calling setup() on each new module, Bun.gc(true) again;" +
          " growth = after - before of process.memoryUsage() rss and heapUsed.",
      ],
    };
  },
};
