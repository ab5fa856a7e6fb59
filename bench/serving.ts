import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BUN, Child, sleep } from "./lib/child.ts";
import { makeTemp, removeTemp } from "./lib/cleanup.ts";
import { cliDev } from "./lib/cli.ts";
import { figure, median } from "./lib/stats.ts";
import type { BenchContext, Benchmark, Comparison, Figure, Target } from "./lib/types.ts";

const LOAD = join(import.meta.dir, "children", "load.mjs");
const DISPATCH = join(import.meta.dir, "children", "serve-dispatch.ts");
const SAVE_EVERY_MS = 100;

/** What autocannon saw: 2xx answers, others, and errors by code (ECONNREFUSED: refused). */
interface Load {
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: Record<string, number>;
  readonly rps: number;
  readonly p99: number;
}

const refusedOf = (load: Load) => load.errors.ECONNREFUSED ?? 0;
const failedOf = (load: Load) =>
  load.non2xx + Object.values(load.errors).reduce((sum, n) => sum + n, 0) - refusedOf(load);

/** autocannon (under node, a process of its own) at `url` while `during` runs. */
async function underLoad(url: string, connections: number, during: () => Promise<void>) {
  const node = Bun.which("node");
  if (!node) throw new Error("Cannot run the serving benchmark: no node on PATH for autocannon");
  const child = new Child([node, LOAD, url, String(connections)]);
  try {
    await child.waitJson("load:started", 10_000);
    await during();
    child.send("stop");
    return (await child.waitJson<Load>("load:result", 30_000)).value;
  } finally {
    await child.stop();
  }
}

async function freePort(): Promise<number> {
  const probe = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const port = probe.port as number;
  await probe.stop(true);
  return port;
}

/** Whether `url` answers 2xx within `timeoutMs`. */
async function answers(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return true;
    await sleep(20);
  }
  return false;
}

async function saves(file: string, source: (version: number) => string, count: number) {
  for (let version = 2; version < count + 2; version++) {
    writeFileSync(file, source(version));
    await sleep(SAVE_EVERY_MS);
  }
}

/** Today's way: the plugin opens its own Bun.serve in start() and closes it in stop(). */
const OWN_SERVE = (port: number) => (version: number) =>
  `let server;
export default {
  setup: () => ({}),
  start() { server = Bun.serve({ port: ${port}, hostname: "127.0.0.1", fetch: () => new Response("v${version}") }); },
  stop() { server.stop(true); },
};
`;
const LISTEN = (version: number) =>
  `export default { setup: () => ({}), fetch: () => new Response("v${version}") };\n`;
const BUN_HOT = (port: number) => (version: number) =>
  `Bun.serve({ port: ${port}, hostname: "127.0.0.1", fetch: () => new Response("v${version}") });\n`;

/** hotplug's own listener, in one swap mode and one isolation. */
interface Listen {
  readonly swap: "stop-first" | "overlap";
  readonly isolation: "none" | "worker";
}
type Arm = "own Bun.serve under hotplug" | "bun --hot" | Listen;
const LISTEN_ARMS: readonly Listen[] = [
  { swap: "stop-first", isolation: "none" },
  { swap: "overlap", isolation: "none" },
  { swap: "stop-first", isolation: "worker" },
  { swap: "overlap", isolation: "worker" },
];
const armName = (arm: Arm) =>
  typeof arm === "string" ? arm : `hotplug listen (${arm.swap}, isolation ${arm.isolation})`;

/** One arm at `connections`: its server up, `reloads` saves under load; undefined: cannot run. */
async function runArm(arm: Arm, connections: number, reloads: number): Promise<Load | undefined> {
  const dir = await makeTemp("serving");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  let child: Child;
  let entry: string;
  let source: (version: number) => string;
  if (arm === "bun --hot") {
    entry = join(dir, "server.ts");
    source = BUN_HOT(port);
    writeFileSync(entry, source(1));
    child = new Child([BUN, "--hot", entry]);
  } else {
    const plugin = join(dir, "web");
    mkdirSync(plugin);
    const manifest = {
      name: "web",
      version: "1.0.0",
      ...(typeof arm === "object" ? { listen: port, ...arm } : {}),
    };
    writeFileSync(join(plugin, "plugin.json"), JSON.stringify(manifest));
    entry = join(plugin, "index.ts");
    source = typeof arm === "object" ? LISTEN : OWN_SERVE(port);
    writeFileSync(entry, source(1));
    child = new Child(cliDev(dir));
  }
  try {
    if (!(await answers(url, 10_000))) return undefined;
    return await underLoad(url, connections, () =>
      reloads > 0 ? saves(entry, source, reloads) : sleep(3000),
    );
  } finally {
    await child.stop();
    await removeTemp(dir);
  }
}

/** The dispatch micro-arm: the same handler bare, or behind a PluginListener. */
async function dispatch(mode: "bare" | "listener", seconds: number): Promise<Load> {
  const port = await freePort();
  const child = new Child([BUN, DISPATCH, mode, String(port)]);
  try {
    await child.waitJson("serve:ready", 10_000);
    return await underLoad(`http://127.0.0.1:${port}/`, 8, () => sleep(seconds * 1000));
  } finally {
    await child.stop();
  }
}

function armFigures(label: string, loads: Load[]): Figure[] {
  return [
    figure(`${label}: refused (ECONNREFUSED)`, "count", loads.map(refusedOf)),
    figure(`${label}: failed (reset, timeout, non-2xx)`, "count", loads.map(failedOf)),
    figure(
      `${label}: requests/s`,
      "req/s",
      loads.map((l) => l.rps),
    ),
    figure(
      `${label}: p99 latency`,
      "ms",
      loads.map((l) => l.p99),
    ),
  ];
}

export const serving: Benchmark = {
  name: "serving",
  title: "Serving through reloads: refused and failed requests, throughput, dispatch overhead",
  async run(ctx: BenchContext) {
    const reloads = ctx.quick ? 20 : 100;
    const repeats = ctx.quick ? 1 : 3;
    const figures: Figure[] = [];
    const comparisons: Comparison[] = [];
    const targets: Target[] = [];
    const notes: string[] = [
      `autocannon (node) keeps N connections busy while the entry is saved ${reloads} times, one save every ${SAVE_EVERY_MS} ms; refused = ECONNREFUSED, failed = any other error or a non-2xx answer.`,
    ];

    const runs: Record<"bare" | "listener", Load[]> = { bare: [], listener: [] };
    for (let r = 0; r < repeats; r++) {
      for (const mode of ["bare", "listener"] as const) {
        ctx.progress(`dispatch: ${mode} (${r + 1}/${repeats})`);
        runs[mode].push(await dispatch(mode, 3));
      }
    }
    figures.push(...armFigures("dispatch: bare Bun.serve", runs.bare));
    figures.push(...armFigures("dispatch: PluginListener", runs.listener));
    // A ratio of medians over alternating runs: the machine's noise hits both arms alike.
    const ratio = median(runs.listener.map((l) => l.rps)) / median(runs.bare.map((l) => l.rps));
    comparisons.push({
      name: "dispatch: listener req/s",
      ratio,
      against: "bare Bun.serve handler",
    });
    targets.push({
      name: "dispatch overhead",
      goal: "<= 5%",
      actual: `${((1 - ratio) * 100).toFixed(1)}%`,
      met: ratio >= 0.95,
    });

    const arms: Arm[] = ["own Bun.serve under hotplug", "bun --hot", ...LISTEN_ARMS];
    for (const arm of arms) {
      const name = armName(arm);
      for (const connections of [8, 64]) {
        ctx.progress(`${name}, ${connections} connections: ${reloads} reloads`);
        const load = await runArm(arm, connections, reloads);
        if (!load) {
          notes.push(`${name}: skipped: the server did not answer within 10 s`);
          break;
        }
        const label = `${name}, c=${connections}, ${reloads} reloads`;
        figures.push(...armFigures(label, [load]));
        if (typeof arm === "string") continue;
        const lost = refusedOf(load) + failedOf(load);
        targets.push({
          name: `${label}: refused + failed`,
          goal: "0",
          actual: String(lost),
          met: lost === 0,
        });
        const steady = await runArm(arm, connections, 0);
        if (!steady) continue;
        figures.push(...armFigures(`${name}, c=${connections}, no reloads`, [steady]));
        const through = load.rps / steady.rps;
        comparisons.push({
          name: `${label}: req/s`,
          ratio: through,
          against: "the same plugin, no reloads",
        });
        targets.push({
          name: `${label}: throughput`,
          goal: ">= 90% of no reloads",
          actual: `${(through * 100).toFixed(0)}%`,
          met: through >= 0.9,
        });
      }
    }
    return { figures, comparisons, targets, notes };
  },
};
