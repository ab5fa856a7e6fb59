import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type LeftoversMode,
  LeftoversRecorder,
  type RecordedGeneration,
} from "../src/leftovers/leftovers-recorder.ts";
import { createLogger } from "../src/logger.ts";
import { PluginLoader } from "../src/plugin/loader/plugin-loader.ts";
import { HotReloadSystem } from "../src/reload/hot-reload-system.ts";
import { createBunRuntime } from "../src/runtime/bun-runtime.ts";
import { makeTemp, removeTemp } from "./lib/cleanup.ts";
import { figure, median } from "./lib/stats.ts";
import type { Benchmark, Figure } from "./lib/types.ts";

// The plugin's own code makes the timers, at a depth past the recorder's frame limit (16), as
// a plugin's code deep in a call chain would.
const PLUGIN = `
const noop = () => {};
const deep = (depth, fn) => (depth === 0 ? fn() : deep(depth - 1, fn) + 0);
export const churn = (n) => deep(20, () => {
  for (let i = 0; i < n; i++) clearTimeout(setTimeout(noop, 60_000));
  return 0;
});
export const fire = (n) => new Promise((done) => {
  let left = n;
  for (let i = 0; i < n; i++) setTimeout(() => --left === 0 && done(), 0);
});
export const leave = (n) => { for (let i = 0; i < n; i++) setInterval(noop, 60_000); };
export default { setup() {} };
`;

interface PluginModule {
  churn(n: number): number;
  fire(n: number): Promise<void>;
  leave(n: number): void;
}

const CHURN = 200_000;
const FIRE = 20_000;

/** ns per timer of `run`, run in a generation's scope as the host runs a hook. */
async function nsPer(generation: RecordedGeneration, n: number, run: () => unknown) {
  const t0 = Bun.nanoseconds();
  await generation.run(run);
  return (Bun.nanoseconds() - t0) / n;
}

/** The median of `count` reloads through a real host of a plugin that starts and clears a timer. */
async function reloadP50(base: string, mode: LeftoversMode, count: number): Promise<number> {
  const dir = join(base, `host-${mode}`);
  mkdirSync(join(dir, "tidy"), { recursive: true });
  writeFileSync(
    join(dir, "tidy", "plugin.json"),
    JSON.stringify({ name: "tidy", version: "1.0.0" }),
  );
  writeFileSync(
    join(dir, "tidy", "index.js"),
    `export default {
  setup(ctx) {
    const timer = setInterval(() => {}, 60_000);
    ctx.signal.addEventListener("abort", () => clearInterval(timer));
    return {};
  },
};`,
  );
  const host = new HotReloadSystem({ dir, leftovers: mode, logger: createLogger("silent") });
  await host.start();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await host.reload("tidy");
    times.push(performance.now() - t0);
  }
  await host.shutdown();
  return median(times);
}

export const leftovers: Benchmark = {
  name: "leftovers",
  title: "Leftovers: what recording costs per timer, and the report at a generation's end",
  async run(ctx) {
    const dir = await makeTemp("leftovers");
    try {
      const entry = join(dir, "index.js");
      writeFileSync(entry, PLUGIN);
      const runtime = createBunRuntime();
      const loader = new PluginLoader(runtime);
      const graph = loader.scan(entry);
      const plugin = (await loader.import(graph)) as unknown as PluginModule;
      const trials = ctx.quick ? 3 : 9;
      const per: Record<"off" | "clear", { churn: number[]; fire: number[] }> = {
        off: { churn: [], fire: [] },
        clear: { churn: [], fire: [] },
      };
      let number = 0;
      const withRecorder = async <T>(
        mode: LeftoversMode,
        fn: (recorder: LeftoversRecorder) => Promise<T>,
      ) => {
        const recorder = new LeftoversRecorder({ mode, runtime });
        recorder.install();
        try {
          return await fn(recorder);
        } finally {
          recorder.dispose();
        }
      };
      for (const mode of ["off", "clear"] as const) {
        await withRecorder(mode, async (recorder) => {
          const generation = recorder.begin("bench", ++number, graph.files);
          await nsPer(generation, CHURN / 10, () => plugin.churn(CHURN / 10)); // warm up
          generation.end();
        });
      }
      for (let trial = 1; trial <= trials; trial++) {
        // Alternate which goes first, so neither always runs on a warmer heap.
        const order = trial % 2 ? (["off", "clear"] as const) : (["clear", "off"] as const);
        for (const mode of order) {
          await withRecorder(mode, async (recorder) => {
            const generation = recorder.begin("bench", ++number, graph.files);
            per[mode].churn.push(await nsPer(generation, CHURN, () => plugin.churn(CHURN)));
            per[mode].fire.push(await nsPer(generation, FIRE, () => plugin.fire(FIRE)));
            generation.end();
          });
        }
        ctx.progress(`timers: trial ${trial}/${trials}`);
      }

      // The report: 100 live host timers around (the host's own, another plugin's), made once.
      const reports = await withRecorder("clear", async (recorder) => {
        const background = Array.from({ length: 100 }, () => setInterval(() => {}, 60_000));
        const nothing: number[] = [];
        const hundred: number[] = [];
        for (let trial = 0; trial < trials * 3; trial++) {
          const quiet = recorder.begin("bench", ++number, graph.files);
          let t0 = Bun.nanoseconds();
          quiet.end();
          nothing.push((Bun.nanoseconds() - t0) / 1000);
          const leaving = recorder.begin("bench", ++number, graph.files);
          leaving.run(() => plugin.leave(100));
          t0 = Bun.nanoseconds();
          const report = leaving.end();
          hundred.push((Bun.nanoseconds() - t0) / 1000);
          if (report.groups[0]?.count !== 100) throw new Error("the report missed leftovers");
        }
        for (const timer of background) clearInterval(timer);
        return { nothing, hundred };
      });

      const reloads = { off: [] as number[], clear: [] as number[] };
      for (let trial = 1; trial <= trials; trial++) {
        const order = trial % 2 ? (["off", "clear"] as const) : (["clear", "off"] as const);
        for (const mode of order)
          reloads[mode].push(await reloadP50(dir, mode, ctx.quick ? 50 : 200));
        ctx.progress(`reloads: trial ${trial}/${trials}`);
      }

      const figures: Figure[] = [
        figure("host.reload() p50, --leftovers off", "ms", reloads.off),
        figure("host.reload() p50, --leftovers clear", "ms", reloads.clear),
        figure("setTimeout + clearTimeout, off", "ns", per.off.churn),
        figure("setTimeout + clearTimeout, recording", "ns", per.clear.churn),
        figure("setTimeout(0) that fires, off", "ns", per.off.fire),
        figure("setTimeout(0) that fires, recording", "ns", per.clear.fire),
        figure(
          "report: a generation that left nothing (100 other live timers)",
          "us",
          reports.nothing,
        ),
        figure("report + clear: a generation that left 100 intervals", "us", reports.hundred),
      ];
      return {
        figures,
        comparisons: [
          {
            name: "host.reload() p50, --leftovers clear",
            ratio: median(reloads.clear) / median(reloads.off),
            against: "--leftovers off",
          },
          {
            name: "setTimeout + clearTimeout, recording",
            ratio: median(per.clear.churn) / median(per.off.churn),
            against: "off",
          },
          {
            name: "setTimeout(0) that fires, recording",
            ratio: median(per.clear.fire) / median(per.off.fire),
            against: "off",
          },
        ],
        targets: [],
        notes: [
          `Timers: ${CHURN} setTimeout + clearTimeout pairs and ${FIRE} setTimeout(0) that fire, made by a plugin module (imported by PluginLoader) 20 frames deep, in a generation's scope; off = a recorder in mode off (no patches), recording = mode clear. Median of ${trials} trials, alternating which runs first.`,
          "host.reload(): a real host (in-process) reloading a plugin that starts an interval and clears it on abort, leftovers off against clear; the median reload of each trial, then the median of the trials.",
          "Report: end() of a generation, the 100 intervals created in its scope by the plugin module; its first read of each stack is included. Median of the trials.",
        ],
      };
    } finally {
      await removeTemp(dir);
    }
  },
};
