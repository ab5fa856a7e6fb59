import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BUN, Child, sleep } from "./child.ts";
import type { BenchContext } from "./types.ts";

/** hot: a file the host named (hotPaths); cold: any other, edited in place; atomic: a cold
 * file replaced by temp file + rename. */
export const TRIAL_KINDS = ["hot", "cold", "atomic"] as const;
export type TrialKind = (typeof TRIAL_KINDS)[number];

export const FILES_PER_DIR = 100;

export interface PollTree {
  readonly root: string;
  readonly dirs: number;
  /** Folders whose file0.ts is hot: 1% of the files, like a host's module graphs. */
  readonly hotDirs: number;
}

export interface WatcherRun {
  readyMs: number;
  /** % of one core, per 1 s window. */
  shares: number[];
  rssMB: number;
  /** hotplug only: the longest cold cycle seen (idle, or when an event came): a cold edit's bound. */
  coldCycleMs: number | undefined;
  detections: Record<TrialKind, number[]>;
}

export interface TrialPlan {
  readonly windows: number;
  readonly trials: Readonly<Record<TrialKind, number>>;
  readonly intervalMs: number;
}

export function makeTree(root: string, dirs: number): PollTree {
  for (let d = 0; d < dirs; d++) {
    const dir = join(root, `dir${d}`);
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < FILES_PER_DIR; f++) {
      writeFileSync(join(dir, `file${f}.ts`), `export const n = ${f};\n`);
    }
  }
  return { root, dirs, hotDirs: Math.max(1, Math.round(dirs / 100)) };
}

/** The file trial `i` of `kind` changes: never one an earlier trial changed (it would be hot). */
function fileFor(tree: PollTree, kind: TrialKind, i: number): string {
  if (kind === "hot") return join(tree.root, `dir${i % tree.hotDirs}`, "file0.ts");
  const dir = tree.hotDirs + ((i * 37) % (tree.dirs - tree.hotDirs));
  const file = (kind === "cold" ? 1 : 50) + (i % 49);
  return join(tree.root, `dir${dir}`, `file${file}.ts`);
}

function change(kind: TrialKind, file: string, text: string): void {
  if (kind !== "atomic") writeFileSync(file, text);
  else {
    writeFileSync(`${file}.tmp`, text); // *.tmp: excluded by default, as editors' temp files are
    renameSync(`${file}.tmp`, file);
  }
}

/** One watcher in its own child: start-up, idle CPU, then each kind of change, timed. */
export async function watchWith(
  ctx: BenchContext,
  mode: "hotplug" | "chokidar",
  tree: PollTree,
  plan: TrialPlan,
): Promise<WatcherRun> {
  const script = join(import.meta.dir, "../children/poll-watch.ts");
  const args = [
    mode,
    tree.root,
    String(plan.windows),
    String(plan.intervalMs),
    String(tree.hotDirs),
  ];
  const child = new Child([BUN, script, ...args]);
  const label = `${mode} @ ${(tree.dirs * FILES_PER_DIR).toLocaleString("en-US")} files`;
  try {
    const ready = await child.waitJson<{ readyMs: number }>("bench:ready", 120_000);
    ctx.progress(`${label}: ready in ${ready.value.readyMs.toFixed(0)} ms; idle CPU`);
    const cpu = await child.waitJson<{ shares: number[]; rss: number; coldCycleMs?: number }>(
      "bench:cpu",
      plan.windows * 3000 + 10_000,
    );
    const detections: Record<TrialKind, number[]> = { hot: [], cold: [], atomic: [] };
    let coldCycleMs = cpu.value.coldCycleMs;
    for (const kind of TRIAL_KINDS) {
      for (let i = 0; i < plan.trials[kind]; i++) {
        await sleep(Math.random() * plan.intervalMs); // a random phase against the poll timer
        const file = fileFor(tree, kind, i);
        const from = child.lines.length;
        const t0 = performance.now();
        change(kind, file, `export const n = ${i} + ${Math.random()}; // ${mode} ${kind}\n`);
        const seen = await child.waitJson<{ coldCycleMs?: number }>(
          "bench:event",
          30_000,
          from,
          (e) => e.path === file,
        );
        detections[kind].push(seen.t - t0);
        if (seen.value.coldCycleMs !== undefined) {
          coldCycleMs = Math.max(coldCycleMs ?? 0, seen.value.coldCycleMs);
        }
      }
      const ms = detections[kind].map((d) => d.toFixed(0)).join(", ");
      ctx.progress(`${label}: ${kind} changes seen after ${ms} ms`);
    }
    return {
      readyMs: ready.value.readyMs,
      shares: cpu.value.shares.map((s) => s * 100),
      rssMB: cpu.value.rss / 2 ** 20,
      coldCycleMs,
      detections,
    };
  } finally {
    await child.stop();
  }
}
