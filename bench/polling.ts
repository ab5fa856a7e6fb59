import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BUN, Child, sleep } from "./lib/child.ts";
import { makeTemp, removeTemp } from "./lib/cleanup.ts";
import { hotplugScanCpu, syncWalkCpu } from "./lib/scan-cost.ts";
import { figure, median } from "./lib/stats.ts";
import type { BenchContext, Benchmark, Figure } from "./lib/types.ts";

const DIRS = 100;
const FILES_PER_DIR = 100; // 10,000 files
const INTERVAL = 250;

interface WatcherRun {
  readyMs: number;
  shares: number[];
  detections: number[];
  rssMB: number;
}

function makeTree(root: string): string[] {
  const files: string[] = [];
  for (let d = 0; d < DIRS; d++) {
    const dir = join(root, `dir${d}`);
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < FILES_PER_DIR; f++) {
      const file = join(dir, `file${f}.ts`);
      writeFileSync(file, `export const n = ${f};\n`);
      files.push(file);
    }
  }
  return files;
}

async function watchWith(
  ctx: BenchContext,
  mode: "hotplug" | "chokidar",
  root: string,
  files: string[],
): Promise<WatcherRun> {
  const windows = ctx.quick ? 3 : 10;
  const trials = ctx.quick ? 3 : 10;
  const script = join(import.meta.dir, "children/poll-watch.ts");
  const child = new Child([BUN, script, mode, root, String(windows), String(INTERVAL)]);
  try {
    const ready = await child.waitJson<{ readyMs: number }>("bench:ready", 60_000);
    ctx.progress(
      `${mode}: ready in ${ready.value.readyMs.toFixed(0)} ms; idle CPU over ${windows} s`,
    );
    const cpu = await child.waitJson<{ shares: number[]; rss: number }>(
      "bench:cpu",
      windows * 2000 + 10_000,
    );
    const detections: number[] = [];
    for (let i = 0; i < trials; i++) {
      await sleep(Math.random() * INTERVAL); // a random phase against the poll timer
      const file = files[(i * 997) % files.length] as string;
      const from = child.lines.length;
      const t0 = performance.now();
      writeFileSync(file, `export const n = ${i} + ${Math.random()}; // ${mode}\n`);
      const seen = await child.waitJson("bench:event", 10_000, from, (e) => e.path === file);
      detections.push(seen.t - t0);
      ctx.progress(`${mode}: change ${i + 1}/${trials} seen after ${(seen.t - t0).toFixed(0)} ms`);
    }
    return {
      readyMs: ready.value.readyMs,
      shares: cpu.value.shares.map((s) => s * 100),
      detections,
      rssMB: cpu.value.rss / 2 ** 20,
    };
  } finally {
    await child.stop();
  }
}

export const polling: Benchmark = {
  name: "polling",
  title: "Polling 10,000 files every 250 ms",
  async run(ctx) {
    const root = await makeTemp("poll");
    ctx.progress(`writing ${DIRS * FILES_PER_DIR} files`);
    const files = makeTree(root);
    const runs = new Map<string, WatcherRun>();
    const scans: number[] = [];
    const walks: number[] = [];
    try {
      ctx.progress("cost of one scan: hotplug readTree vs a synchronous lstat walk");
      for (let i = 0; i < (ctx.quick ? 3 : 7); i++) {
        scans.push(await hotplugScanCpu(root));
        walks.push(syncWalkCpu(root));
      }
      for (const mode of ["hotplug", "chokidar"] as const) {
        runs.set(mode, await watchWith(ctx, mode, root, files));
      }
    } finally {
      await removeTemp(root);
    }
    const hotplug = runs.get("hotplug") as WatcherRun;
    const chokidar = runs.get("chokidar") as WatcherRun;
    const figures: Figure[] = [];
    for (const [mode, run] of runs) {
      figures.push(
        figure(`${mode} idle CPU, % of one core (1 s windows)`, "%", run.shares),
        figure(`${mode} detection latency`, "ms", run.detections, true),
        figure(`${mode} start-up (first full scan)`, "ms", [run.readyMs]),
        figure(`${mode} RSS while polling`, "MB", [run.rssMB]),
      );
    }
    figures.push(
      figure("hotplug readTree, one scan of 10,000 files", "ms CPU", scans),
      figure("reference: sync readdir+lstat walk, one scan", "ms CPU", walks),
    );
    const cpuShare = median(hotplug.shares);
    return {
      figures,
      comparisons: [
        {
          name: "hotplug idle CPU",
          ratio: cpuShare / median(chokidar.shares),
          against: "chokidar usePolling idle CPU",
        },
        {
          name: "hotplug readTree scan CPU",
          ratio: median(scans) / median(walks),
          against: "sync readdir+lstat walk",
        },
        {
          name: "hotplug detection latency p50",
          ratio: median(hotplug.detections) / median(chokidar.detections),
          against: "chokidar detection latency p50",
        },
      ],
      targets: [
        {
          name: "idle CPU polling 10,000 files",
          goal: "< 5% of a core",
          actual: `${cpuShare.toFixed(1)}%`,
          met: cpuShare < 5,
        },
      ],
      notes: [
        `Tree of ${DIRS} folders x ${FILES_PER_DIR} files; each watcher in its own child` +
          " (bench/children/poll-watch.ts), one after the other on the same tree: hotplug's" +
          " createFileWatcher({forcePoll: true, pollInterval: 250}) and chokidar 6 {usePolling: true," +
          " interval: 250}. CPU = process.cpuUsage() of the child per 1 s window, after 1 s of" +
          " settling. Detection = writeFileSync -> the child's event line, at a random phase." +
          " Scan cost: process.cpuUsage() around one readTree() (src/watch/snapshot.ts) and one" +
          " synchronous readdir({withFileTypes}) + lstatSync walk of the same tree, in the bench process.",
      ],
    };
  },
};
