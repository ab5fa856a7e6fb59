import { join } from "node:path";
import { BUN } from "./lib/child.ts";
import { makeTemp, removeTemp } from "./lib/cleanup.ts";
import { figure } from "./lib/stats.ts";
import type { Benchmark, Comparison, Figure } from "./lib/types.ts";

const CHILD = join(import.meta.dir, "..", "tests", "runtime", "children", "probation-memory.ts");
const MB = 2 ** 20;

/** RSS after each quarter of `count` reloads, in a process of its own. */
async function rssOf(isolation: "none" | "worker", probationMs: number, count: number) {
  const dir = await makeTemp(`probation-${isolation}-${probationMs}`);
  try {
    const proc = Bun.spawn(
      [BUN, CHILD, dir, isolation, String(probationMs), String(count), "chain"],
      {
        stdout: "pipe",
        stderr: "pipe",
      },
    );
    const [out, err] = await Promise.all([
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
    ]);
    if ((await proc.exited) !== 0) throw new Error(`probation-memory failed: ${err}`);
    return (JSON.parse(out) as { rss: number[] }).rss;
  } finally {
    await removeTemp(dir);
  }
}

export const probation: Benchmark = {
  name: "probation",
  title:
    "Probation's memory: RSS through back-to-back reloads with --probation 1000 against without",
  async run(ctx) {
    const count = ctx.quick ? 200 : 1000;
    const figures: Figure[] = [];
    const comparisons: Comparison[] = [];
    for (const isolation of ["none", "worker"] as const) {
      const final: Record<string, number> = {};
      for (const ms of [0, 1000]) {
        ctx.progress(`${isolation}, --probation ${ms}: ${count} reloads`);
        const rss = await rssOf(isolation, ms, count);
        final[ms] = (rss.at(-1) as number) / MB;
        const growth = ((rss.at(-1) as number) - (rss[0] as number)) / MB;
        figures.push(
          figure(`${isolation}, --probation ${ms}: RSS at the end`, "MB", [final[ms] as number]),
        );
        figures.push(
          figure(`${isolation}, --probation ${ms}: RSS growth, quarter 1 -> 4`, "MB", [growth]),
        );
      }
      comparisons.push({
        name: `${isolation}: RSS at the end, --probation 1000`,
        ratio: (final[1000] as number) / (final[0] as number),
        against: "--probation 0",
      });
    }
    return {
      figures,
      comparisons,
      targets: [],
      notes: [
        `${count} reloads back to back of a plugin holding 80 KB of data: with --probation 1000 every save lands in the previous window, so one last good generation is kept ready beside the one on trial.`,
      ],
    };
  },
};
