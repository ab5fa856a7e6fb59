import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SwapMode } from "../src/host-events.ts";
import { createLogger } from "../src/logger.ts";
import { HotReloadSystem } from "../src/reload/hot-reload-system.ts";
import { makeTemp, removeTemp } from "./lib/cleanup.ts";
import { figure } from "./lib/stats.ts";
import type { Benchmark, Figure, Target } from "./lib/types.ts";

const SOURCE = `export default { setup: (ctx) => ({ ping: () => ctx.generation }) };`;

interface SwapRun {
  calls: number;
  refused: number;
  seconds: number;
  windowP50: number;
  windowP95: number;
  reloadP50: number;
}

/** `reloads` reloads of one plugin while this process calls it through its handle nonstop. */
async function underCalls(swap: SwapMode, reloads: number): Promise<SwapRun> {
  const base = await makeTemp(`handles-${swap}`);
  try {
    mkdirSync(join(base, "p"), { recursive: true });
    writeFileSync(
      join(base, "p", "plugin.json"),
      JSON.stringify({ name: "p", version: "1.0.0", swap }),
    );
    writeFileSync(join(base, "p", "index.ts"), SOURCE);
    const system = new HotReloadSystem({ dir: base, logger: createLogger("silent") });
    await system.start();
    const handle = system.api("p") as { ping(): number };
    let calls = 0;
    let refused = 0;
    let calling = true;
    // A caller that yields to the event loop between calls, as a server handling requests does.
    const caller = (async () => {
      while (calling) {
        try {
          handle.ping();
          calls++;
        } catch {
          refused++;
        }
        await new Promise<void>((next) => setImmediate(next));
      }
    })();
    const t0 = performance.now();
    for (let i = 0; i < reloads; i++) await system.reload("p");
    const seconds = (performance.now() - t0) / 1000;
    calling = false;
    await caller;
    const metrics = system.getMetrics();
    await system.shutdown();
    return {
      calls,
      refused,
      seconds,
      windowP50: metrics.unavailableWindowP50,
      windowP95: metrics.unavailableWindowP95,
      reloadP50: metrics.reloadTimeP50,
    };
  } finally {
    await removeTemp(base);
  }
}

export const handles: Benchmark = {
  name: "handles",
  title: "Live handles: stop-first's unavailable window, overlap's calls with none refused",
  async run(ctx) {
    const reloads = 100;
    const repeats = ctx.quick ? 1 : 3;
    const figures: Figure[] = [];
    const targets: Target[] = [];
    const runs: Record<SwapMode, SwapRun[]> = { "stop-first": [], overlap: [] };
    for (let r = 0; r < repeats; r++) {
      for (const swap of ["stop-first", "overlap"] as const) {
        ctx.progress(`${swap}: ${reloads} reloads under calls (${r + 1}/${repeats})`);
        runs[swap].push(await underCalls(swap, reloads));
      }
    }
    const stop = runs["stop-first"];
    figures.push(
      figure(
        "stop-first: unavailable window p50",
        "ms",
        stop.map((s) => s.windowP50),
      ),
      figure(
        "stop-first: unavailable window p95",
        "ms",
        stop.map((s) => s.windowP95),
      ),
      figure(
        "stop-first: reload duration p50",
        "ms",
        stop.map((s) => s.reloadP50),
      ),
      figure(
        "stop-first: calls refused (PLUGIN_UNAVAILABLE)",
        "count",
        stop.map((s) => s.refused),
      ),
    );
    const over = runs.overlap;
    figures.push(
      figure(
        "overlap: calls per second through 100 reloads",
        "calls/s",
        over.map((s) => s.calls / s.seconds),
      ),
      figure(
        "overlap: calls refused",
        "count",
        over.map((s) => s.refused),
      ),
    );
    const refused = over.reduce((sum, s) => sum + s.refused, 0);
    targets.push({
      name: "overlap: calls refused over 100 reloads",
      goal: "0",
      actual: String(refused),
      met: refused === 0,
    });
    return {
      figures,
      comparisons: [],
      targets,
      notes: [
        "The caller calls the plugin's live handle (host.api) in a loop that yields between calls; the reloads are host.reload(), in-process.",
        "The window is the time between the old generation's stop() call and the new one serving, from the host's metrics (unavailableWindowP50/P95); reload duration from the same run.",
        "Handle call overhead against a direct call: the isolation benchmark.",
      ],
    };
  },
};
