import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildNode } from "../scripts/build-node.ts";
import type { Isolation } from "../src/host-events.ts";
import { createLogger } from "../src/logger.ts";
import { HotReloadSystem } from "../src/reload/hot-reload-system.ts";
import { BUN, sleep } from "./lib/child.ts";
import { makeTemp, removeTemp } from "./lib/cleanup.ts";
import { figure, median } from "./lib/stats.ts";
import type { Benchmark, Comparison, Figure, Target } from "./lib/types.ts";

const MEMORY_CHILD = join(
  import.meta.dir,
  "..",
  "tests",
  "runtime",
  "children",
  "worker-reload-memory.ts",
);
const MB = 2 ** 20;

function plugin(root: string, name: string, source: string, manifest: object = {}): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "plugin.json"), JSON.stringify({ name, version: "1.0.0", ...manifest }));
  writeFileSync(join(dir, "index.ts"), source);
  return dir;
}

const host = (dir: string, isolation: Isolation, timeout = 30_000) =>
  new HotReloadSystem({ dir, isolation, timeout, logger: createLogger("silent") });

/** Milliseconds of `host.reload()` of a small plugin, paced as saves are (a worker boots ahead between them). */
async function reloadTimes(isolation: Isolation, reloads: number): Promise<number[]> {
  const base = await makeTemp(`isolation-${isolation}`);
  try {
    plugin(base, "p", "export default { setup: (ctx) => ({ ping: () => ctx.generation }) };");
    const system = host(base, isolation);
    await system.start();
    const times: number[] = [];
    for (let i = 0; i < reloads + 3; i++) {
      await sleep(30);
      const t0 = performance.now();
      await system.reload("p");
      if (i >= 3) times.push(performance.now() - t0);
    }
    await system.shutdown();
    return times;
  } finally {
    await removeTemp(base);
  }
}

/** How long after its time-out an endless loop in setup() is reported ended, per reload. */
async function loopOvershoot(tries: number, timeoutMs: number): Promise<number[]> {
  const base = await makeTemp("isolation-loop");
  try {
    const dir = plugin(base, "looper", "export default { setup: () => ({}) };", {
      isolation: "worker",
    });
    const system = host(base, "none", timeoutMs);
    await system.start();
    writeFileSync(join(dir, "index.ts"), "export default { setup() { for (;;) {} } };");
    const overshoot: number[] = [];
    for (let i = 0; i < tries; i++) {
      const t0 = performance.now();
      await system.reload("looper"); // times out, terminates the worker, rolls back
      overshoot.push(performance.now() - t0 - timeoutMs);
    }
    await system.shutdown();
    return overshoot;
  } finally {
    await removeTemp(base);
  }
}

/** Nanoseconds per call: a direct call, through a live handle, and across a worker boundary. */
async function callCosts(quick: boolean): Promise<Record<string, number[]>> {
  const base = await makeTemp("isolation-calls");
  try {
    const api = "export default { setup: () => ({ add: (a, b) => a + b }) };";
    plugin(base, "inproc", api);
    plugin(base, "remote", api, { isolation: "worker" });
    const system = host(base, "none");
    await system.start();
    const direct = { add: (a: number, b: number) => a + b };
    const handle = system.api("inproc") as typeof direct;
    const remote = system.api("remote") as { add(a: number, b: number): Promise<number> };
    const rounds = quick ? 3 : 7;
    const out: Record<string, number[]> = { direct: [], handle: [], worker: [] };
    const time = (n: number, fn: (i: number) => unknown) => {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) fn(i);
      return ((performance.now() - t0) * 1e6) / n;
    };
    let sink = 0;
    for (let r = 0; r < rounds; r++) {
      out.direct?.push(time(1e6, (i) => (sink += direct.add(i, 1))));
      out.handle?.push(time(1e6, (i) => (sink += handle.add(i, 1))));
      const n = quick ? 2000 : 10_000;
      const t0 = performance.now();
      for (let i = 0; i < n; i++) sink += await remote.add(i, 1);
      out.worker?.push(((performance.now() - t0) * 1e6) / n);
    }
    if (sink === 0) throw new Error("isolation: the calls did nothing");
    await system.shutdown();
    return out;
  } finally {
    await removeTemp(base);
  }
}

/** RSS growth over `reloads` worker reloads in a process of its own, on `runtime`. */
async function memoryGrowth(command: string[], dir: string): Promise<number[]> {
  const child = Bun.spawn([...command, dir, String(MEMORY_RELOADS)], {
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  if (code !== 0) throw new Error(`${command[0]} exited ${code}: ${err}`);
  return (JSON.parse(out) as { rss: number[] }).rss;
}
let MEMORY_RELOADS = 2000;

export const isolation: Benchmark = {
  name: "isolation",
  title: "Worker isolation: reload latency, ending runaways, call cost, memory",
  async run(ctx) {
    const figures: Figure[] = [];
    const comparisons: Comparison[] = [];
    const targets: Target[] = [];
    const reloads = ctx.quick ? 15 : 60;
    ctx.progress(`reload latency: ${reloads} reloads each, in-process and worker`);
    const none = await reloadTimes("none", reloads);
    const worker = await reloadTimes("worker", reloads);
    figures.push(
      figure("reload, in-process", "ms", none, true),
      figure("reload, worker", "ms", worker, true),
    );
    const extra = median(worker) - median(none);
    comparisons.push({
      name: "worker reload p50",
      ratio: median(worker) / median(none),
      against: "in-process p50",
    });
    targets.push({
      name: "worker reload p50 - in-process p50",
      goal: "<= 6 ms",
      actual: `${extra.toFixed(2)} ms`,
      met: extra <= 6,
    });

    ctx.progress("an endless loop in setup(): time-out to its end");
    const overshoot = await loopOvershoot(ctx.quick ? 3 : 10, 200);
    figures.push(
      figure("endless loop: reported ended after its time-out by", "ms", overshoot, true),
    );
    targets.push({
      name: "deadline -> dead endless loop (p50, rollback included)",
      goal: "<= 100 ms",
      actual: `${median(overshoot).toFixed(1)} ms`,
      met: median(overshoot) <= 100,
    });

    ctx.progress("call cost");
    const calls = await callCosts(ctx.quick);
    figures.push(
      figure("direct call", "ns", calls.direct ?? []),
      figure("call through a live handle", "ns", calls.handle ?? []),
      figure("call through a worker's async proxy (awaited)", "ns", calls.worker ?? []),
    );
    comparisons.push(
      {
        name: "live handle call",
        ratio: median(calls.handle ?? []) / median(calls.direct ?? []),
        against: "direct call",
      },
      {
        name: "worker proxy call",
        ratio: median(calls.worker ?? []) / median(calls.direct ?? []),
        against: "direct call",
      },
    );

    MEMORY_RELOADS = ctx.quick ? 300 : 2000;
    const base = await makeTemp("isolation-memory");
    try {
      const nodeChild = (await buildNode(join(base, "node"), MEMORY_CHILD)).file;
      const runtimes: [string, string[]][] = [
        ["bun", [BUN, MEMORY_CHILD]],
        ["deno", ["deno", "run", "-A", MEMORY_CHILD]],
        ["node", ["node", nodeChild]],
      ];
      for (const [name, command] of runtimes) {
        if (!Bun.which(command[0] as string)) continue;
        ctx.progress(`memory: ${MEMORY_RELOADS} worker reloads on ${name}`);
        const rss = await memoryGrowth(command, join(base, name));
        const growth = ((rss.at(-1) as number) - (rss[0] as number)) / MB;
        figures.push(
          figure(
            `${name}: RSS growth, worker reloads ${MEMORY_RELOADS / 4} -> ${MEMORY_RELOADS}`,
            "MB",
            [growth],
          ),
        );
        targets.push({
          name: `${name}: RSS growth over ${MEMORY_RELOADS} worker reloads`,
          goal: "< 25 MB",
          actual: `${growth.toFixed(1)} MB (${rss.map((b) => (b / MB).toFixed(0)).join(" -> ")} MB)`,
          met: growth < 25,
        });
      }
    } finally {
      await removeTemp(base);
    }
    return {
      figures,
      comparisons,
      targets,
      notes: [
        "Reloads through the library (host.reload), 30 ms apart, as saves come: a worker boots ahead between them.",
        "The endless loop: a worker plugin whose setup() is `for (;;) {}`, timeout 200 ms; the figure is the reload's time minus the time-out (termination, rollback in the old worker).",
        "Memory: tests/runtime/children/worker-reload-memory.ts (a plugin holding 80 KB), RSS from the first quarter of the reloads to the end.",
      ],
    };
  },
};
