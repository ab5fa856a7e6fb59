import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BUN, Child, hostCpuMs, sleep } from "./lib/child.ts";
import { makeTemp, removeTemp } from "./lib/cleanup.ts";
import { writePlugin } from "./lib/plugins.ts";
import { figure, median } from "./lib/stats.ts";
import type { BenchContext, Benchmark, Comparison, Figure, Target } from "./lib/types.ts";

const PACKAGES = 50;
/**
 * Idle CPU, in % of one core: native watching adds next to nothing; polling stays within what
 * the polling benchmark allows for 10,000 files (each outside folder is its own poller, with
 * its own timer: about 0.02 points each here).
 */
const GOALS: Record<Mode, { added?: number; total?: number }> = {
  native: { added: 0.5 },
  poll: { total: 5 },
};

type Layout = "helpers" | "workspace";
type Mode = "native" | "poll";

/**
 * 50 plugins, each importing one module: a helper in its own folder (the baseline: only the
 * plugins folder is watched), or a workspace package of its own (libs/wN, linked into
 * node_modules/@ws/wN as `bun install` links a workspace:* dependency: 50 outside folders).
 */
function writeProject(base: string, layout: Layout): string {
  const plugins = join(base, "plugins");
  mkdirSync(join(base, "node_modules", "@ws"), { recursive: true });
  for (let i = 0; i < PACKAGES; i++) {
    const name = `p${i}`;
    const from = layout === "helpers" ? "./helper.ts" : `@ws/w${i}`;
    const entry = writePlugin(
      plugins,
      name,
      `import { n } from "${from}";\nexport default { setup() { return { n }; } };\n`,
    );
    const helper = "export const n = 1;\n";
    if (layout === "helpers") {
      writeFileSync(join(entry, "..", "helper.ts"), helper);
      continue;
    }
    const lib = join(base, "libs", `w${i}`);
    mkdirSync(lib, { recursive: true });
    writeFileSync(
      join(lib, "package.json"),
      JSON.stringify({ name: `@ws/w${i}`, main: "index.ts" }),
    );
    writeFileSync(join(lib, "index.ts"), helper);
    symlinkSync(`../../libs/w${i}`, join(base, "node_modules", "@ws", `w${i}`));
  }
  return plugins;
}

/** The host's CPU, in % of one core, over `windows` 1 s windows after 1 s of settling. */
async function idleShares(ctx: BenchContext, layout: Layout, mode: Mode): Promise<number[]> {
  const base = await makeTemp("outside-watch");
  const plugins = writeProject(base, layout);
  const env: Record<string, string> = mode === "poll" ? { HOTPLUG_POLL: "1" } : {};
  const child = new Child([BUN, join(import.meta.dir, "children/host.ts"), plugins, "20"], env);
  const shares: number[] = [];
  try {
    await child.waitJson("host:ready", 30_000);
    ctx.progress(`${layout}, ${mode}: idle`);
    await sleep(1000);
    for (let i = 0; i < (ctx.quick ? 3 : 8); i++) {
      const before = await hostCpuMs(child);
      const t0 = performance.now();
      await sleep(1000);
      const spent = (await hostCpuMs(child)) - before;
      shares.push((100 * spent) / (performance.now() - t0));
    }
  } finally {
    await child.stop();
    await removeTemp(base);
  }
  return shares;
}

export const outsideWatch: Benchmark = {
  name: "outside-watch",
  title: "Idle CPU of watching 50 workspace packages the plugins import",
  async run(ctx) {
    const figures: Figure[] = [];
    const comparisons: Comparison[] = [];
    const targets: Target[] = [];
    for (const mode of ["native", "poll"] as const) {
      const helpers = await idleShares(ctx, "helpers", mode);
      const workspace = await idleShares(ctx, "workspace", mode);
      figures.push(
        figure(`${mode}: 50 plugins, a helper each (plugins folder only)`, "% core", helpers),
        figure(`${mode}: 50 plugins, a workspace package each (+50 folders)`, "% core", workspace),
      );
      const [base, outside] = [median(helpers), median(workspace)];
      comparisons.push({
        name: `${mode}: idle CPU with 50 workspace packages`,
        ratio: base > 0 ? outside / base : Number.NaN,
        against: "50 helpers in the plugin folders",
      });
      const { added, total } = GOALS[mode];
      const actual = `${outside.toFixed(2)}%, ${(outside - base).toFixed(2)} points over the baseline`;
      if (added !== undefined) {
        targets.push({
          name: `${mode}: idle CPU added by 50 outside folders`,
          goal: `< ${added} point of a core`,
          actual,
          met: outside - base < added,
        });
      }
      if (total !== undefined) {
        targets.push({
          name: `${mode}: idle CPU with 50 outside folders`,
          goal: `< ${total}% of a core`,
          actual,
          met: outside < total,
        });
      }
    }
    return {
      figures,
      comparisons,
      targets,
      notes: [
        "bench/children/host.ts (the library host, --debounce 20), 50 plugins; CPU =" +
          " process.cpuUsage() of the host per 1 s window after 1 s of settling, in % of one" +
          " core. poll: HOTPLUG_POLL=1 (250 ms interval), the plugins folder and every outside" +
          " folder polled. Baseline: the same plugins, each importing a helper in its own folder.",
      ],
    };
  },
};
