import { join } from "node:path";
import { BUN, Child } from "./lib/child.ts";
import { makeTemp, removeTemp } from "./lib/cleanup.ts";
import { cliDev, cliWorks } from "./lib/cli.ts";
import { writePlugin } from "./lib/plugins.ts";
import { figure, median } from "./lib/stats.ts";
import type { Benchmark } from "./lib/types.ts";

const PLUGINS = 100;

// Each plugin's API builds on its dependency's, so the chain really is used.
const SOURCE = `export default {
  setup(ctx) {
    const below = Object.values(ctx.deps)[0];
    return { depth: (below?.depth ?? 0) + 1 };
  },
};
`;

export const startup: Benchmark = {
  name: "startup",
  title: "Startup: 100 plugins in a dependency chain",
  async run(ctx) {
    const base = await makeTemp("startup");
    const names = Array.from({ length: PLUGINS }, (_, i) => `p${String(i).padStart(3, "0")}`);
    for (const [i, name] of names.entries()) {
      writePlugin(base, name, SOURCE, i === 0 ? [] : [names[i - 1] as string]);
    }
    const spawnToReady: number[] = [];
    const processToReady: number[] = [];
    const constructToReady: number[] = [];
    const cliToReady: number[] = [];
    const viaCli = await cliWorks();
    let running = 0;
    const repeats = ctx.quick ? 3 : 10;
    try {
      for (let i = 1; i <= repeats; i++) {
        ctx.progress(`run ${i}/${repeats}`);
        const t0 = performance.now();
        const child = new Child([BUN, join(import.meta.dir, "children/host.ts"), base, "100"]);
        try {
          const ready = await child.waitJson<{ plugins: string[] }>("host:ready", 60_000);
          spawnToReady.push(ready.t - t0);
          running = ready.value.plugins.length;
          const timing = await child.waitJson<{
            sinceProcessStartMs: number;
            sinceConstructMs: number;
          }>("bench:timing", 5000);
          processToReady.push(timing.value.sinceProcessStartMs);
          constructToReady.push(timing.value.sinceConstructMs);
        } finally {
          await child.stop();
        }
        if (!viaCli) continue;
        const t1 = performance.now();
        const cli = new Child(cliDev(base, 100));
        try {
          cliToReady.push((await cli.waitJson("host:ready", 60_000)).t - t1);
        } finally {
          await cli.stop();
        }
      }
    } finally {
      await removeTemp(base);
    }
    const p50 = median(spawnToReady);
    return {
      figures: [
        figure("spawn -> host:ready line (parent clock)", "ms", spawnToReady),
        figure("process start -> host:ready (child performance.now())", "ms", processToReady),
        figure("new HotReloadSystem -> host:ready", "ms", constructToReady),
        figure("plugins running at host:ready", "count", [running]),
        ...(viaCli ? [figure("CLI `dev --json`: spawn -> host:ready line", "ms", cliToReady)] : []),
      ],
      comparisons: [],
      targets: [
        {
          name: "spawn -> host:ready, 100-plugin chain",
          goal: "< 500 ms",
          actual: `${p50.toFixed(0)} ms`,
          met: p50 < 500 && running === PLUGINS,
        },
      ],
      notes: [
        "p001 depends on p000, p002 on p001, ...; host on the library API with watching on" +
          " (startWatching, as `hotplug dev`), in a fresh child each run (bench/children/host.ts)." +
          " Spawn -> ready includes Bun's own start-up and loading hotplug's modules." +
          (viaCli ? " The CLI row runs `bun src/cli.ts dev <dir> --json` on the same tree." : ""),
      ],
    };
  },
};
