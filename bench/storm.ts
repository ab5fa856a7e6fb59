import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { BUN, Child, hostCpuMs, sleep } from "./lib/child.ts";
import { makeTemp, removeTemp } from "./lib/cleanup.ts";
import { markerSource, writePlugin } from "./lib/plugins.ts";
import { figure } from "./lib/stats.ts";
import type { BenchContext, Benchmark } from "./lib/types.ts";

const PLUGINS = 100;
const ROUNDS = 100; // 100 rounds x 100 plugins = 10,000 writes
const ROUND_MS = 9; // rounds start 9 ms apart: the storm lasts about 0.9 s
const SETTLE_MS = 1500; // > debounce + maxWait: any extra reload would show up in this window

interface StormRun {
  writeMs: number;
  reloads: number;
  failures: number;
  extraReloads: number;
  missing: number;
  finalCodeRan: number;
  quietMs: number;
  cpuMs: number;
}

async function once(ctx: BenchContext, run: number): Promise<StormRun> {
  const base = await makeTemp("storm");
  const names = Array.from({ length: PLUGINS }, (_, i) => `p${String(i).padStart(3, "0")}`);
  const entries = names.map((name) => writePlugin(base, name, markerSource(`${name}-init`)));
  const child = new Child([BUN, join(import.meta.dir, "children/host.ts"), base, "100", "1000"]);
  try {
    await child.waitJson("host:ready", 30_000);
    const cpuBefore = await hostCpuMs(child);
    const from = child.lines.length;
    ctx.progress(`run ${run}: 10,000 writes over ${PLUGINS} plugins`);
    const t0 = performance.now();
    for (let r = 0; r < ROUNDS; r++) {
      for (let i = 0; i < PLUGINS; i++) {
        writeFileSync(entries[i] as string, markerSource(`${names[i]}-r${r}`));
      }
      const next = t0 + (r + 1) * ROUND_MS;
      if (r < ROUNDS - 1 && next > performance.now()) await sleep(next - performance.now());
    }
    const lastWrite = performance.now();
    // Quiet: every touched plugin reloaded and nothing more happened for SETTLE_MS.
    const deadline = lastWrite + 30_000;
    let seen = 0;
    let lastEventAt = lastWrite;
    for (;;) {
      const events = child.json(from).filter((e) => String(e.value.type).startsWith("plugin:"));
      if (events.length > seen) {
        seen = events.length;
        lastEventAt = (events.at(-1) as { t: number }).t;
      }
      const reloaded = new Set(
        events.filter((e) => e.value.type === "plugin:reloaded").map((e) => e.value.plugin),
      );
      const now = performance.now();
      if (reloaded.size >= PLUGINS && now - lastEventAt > SETTLE_MS) break;
      if (now > deadline) break;
      await sleep(50);
    }
    const cpuAfter = await hostCpuMs(child);
    const events = child.json(from).map((e) => e.value);
    const reloads = events.filter((e) => e.type === "plugin:reloaded");
    const perPlugin = new Map<unknown, number>();
    for (const e of reloads) perPlugin.set(e.plugin, (perPlugin.get(e.plugin) ?? 0) + 1);
    const finalCodeRan = names.filter((name) => {
      const marks = child.lines.filter((l) => l.text.startsWith(`MARK ${name}-`));
      return marks.at(-1)?.text === `MARK ${name}-r${ROUNDS - 1}`;
    }).length;
    return {
      writeMs: lastWrite - t0,
      reloads: reloads.length,
      failures: events.filter((e) => e.type === "plugin:failed").length,
      extraReloads: [...perPlugin.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0),
      missing: names.filter((name) => !perPlugin.has(name)).length,
      finalCodeRan,
      quietMs: lastEventAt - lastWrite,
      cpuMs: cpuAfter - cpuBefore,
    };
  } finally {
    await child.stop();
    await removeTemp(base);
  }
}

export const storm: Benchmark = {
  name: "storm",
  title: "Storm: 10,000 writes over 100 plugins",
  async run(ctx) {
    const runs: StormRun[] = [];
    for (let i = 1; i <= (ctx.quick ? 1 : 3); i++) runs.push(await once(ctx, i));
    const col = (key: keyof StormRun) => runs.map((r) => r[key]);
    const worst = Math.max(...runs.map((r) => Math.abs(r.reloads - PLUGINS) + r.failures));
    return {
      figures: [
        figure("storm duration (10,000 writes)", "ms", col("writeMs")),
        figure("reloads (100 plugins touched)", "count", col("reloads")),
        figure("plugins reloaded more than once: extra reloads", "count", col("extraReloads")),
        figure("plugin:failed during storm", "count", col("failures")),
        figure("plugins running the last write's code", "count", col("finalCodeRan")),
        figure("last write -> last reload (quiet)", "ms", col("quietMs")),
        figure("host CPU time (storm + settle)", "ms", col("cpuMs")),
      ],
      comparisons: [],
      targets: [
        {
          name: "one reload per touched plugin",
          goal: `exactly ${PLUGINS}, no failures`,
          actual: `${runs.filter((r) => r.reloads === PLUGINS && r.failures === 0).length}/${runs.length} runs exact (worst: ${worst} off)`,
          met: worst === 0,
        },
      ],
      notes: [
        "Host on the library API (bench/children/host.ts, debounce 100 ms, maxWait 1000 ms) in a" +
          " child process; writes (writeFileSync of each plugin's index.ts, 100 rounds 9 ms apart)" +
          " from the bench process. CPU time is the host's process.cpuUsage() delta from before the" +
          ` first write to ${SETTLE_MS} ms after the last event.`,
      ],
    };
  },
};
