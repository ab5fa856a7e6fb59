import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { BUN, Child, sleep } from "./lib/child.ts";
import { makeTemp, removeTemp } from "./lib/cleanup.ts";
import { cliDev, cliWorks } from "./lib/cli.ts";
import { markerSource, writePlugin } from "./lib/plugins.ts";
import { figure, median } from "./lib/stats.ts";
import type { BenchContext, Benchmark, Comparison, Figure, Target } from "./lib/types.ts";

// Generated next to the plugin: imports it statically so `bun --hot` watches it.
const HOT_ENTRY = `import plugin from "./plugins/p/index.ts";
await plugin.setup({ generation: 0 });
globalThis.keepAlive ??= setInterval(() => {}, 1 << 30);
if (!globalThis.announced) {
  globalThis.announced = true;
  process.stdout.write(JSON.stringify({ type: "host:ready" }) + "\\n");
}
`;

interface Subject {
  label: string;
  debounce: number;
  command: (paths: { plugins: string; hotEntry: string }) => string[];
}

function hotplugCommand(debounce: number, viaCli: boolean): Subject["command"] {
  return ({ plugins }) =>
    viaCli
      ? cliDev(plugins, debounce)
      : [BUN, join(import.meta.dir, "children/host.ts"), plugins, String(debounce)];
}

/** Saves the plugin `saves` times; each sample is write -> its marker line on the child's stderr. */
async function measure(ctx: BenchContext, subject: Subject, saves: number): Promise<number[]> {
  const base = await makeTemp("latency");
  const plugins = join(base, "plugins");
  const entry = writePlugin(plugins, "p", markerSource("start"));
  const hotEntry = join(base, "hot-entry.ts");
  writeFileSync(hotEntry, HOT_ENTRY);
  const child = new Child(subject.command({ plugins, hotEntry }));
  const samples: number[] = [];
  try {
    await child.waitJson("host:ready", 15_000);
    const warmup = 3;
    for (let i = 0; i < warmup + saves; i++) {
      const token = `${subject.label.replace(/\W/g, "")}-${i}`;
      const from = child.lines.length;
      const t0 = performance.now();
      writeFileSync(entry, markerSource(token));
      const line = await child.waitFor(
        (l) => l.stream === "stderr" && l.text.endsWith(`MARK ${token}`),
        5000 + subject.debounce,
        from,
      );
      if (i >= warmup) samples.push(line.t - t0);
      if (i % 10 === 0) ctx.progress(`${subject.label}: save ${i + 1}/${warmup + saves}`);
      // Let the reload finish and the watcher settle; jitter avoids locking onto a timer phase.
      await sleep(40 + Math.random() * 20);
    }
  } finally {
    await child.stop();
    await removeTemp(base);
  }
  return samples;
}

export const latency: Benchmark = {
  name: "latency",
  title: "Save-to-new-code latency",
  async run(ctx) {
    const saves = ctx.quick ? 12 : 60;
    const viaCli = await cliWorks();
    const how = viaCli ? "CLI `bun src/cli.ts dev --json`" : "library API (bench/children/host.ts)";
    const subjects: Subject[] = [
      { label: "hotplug debounce 0", debounce: 0, command: hotplugCommand(0, viaCli) },
      { label: "hotplug debounce 100", debounce: 100, command: hotplugCommand(100, viaCli) },
      { label: "bun --hot", debounce: 0, command: ({ hotEntry }) => [BUN, "--hot", hotEntry] },
      {
        label: "naive fs.watch+import",
        debounce: 0,
        command: ({ plugins }) => [BUN, join(import.meta.dir, "children/naive-host.ts"), plugins],
      },
    ];
    const figures: Figure[] = [];
    const p50 = new Map<string, number>();
    for (const subject of subjects) {
      const samples = await measure(ctx, subject, saves);
      figures.push(figure(subject.label, "ms", samples, true));
      p50.set(subject.label, median(samples));
    }
    const get = (label: string) => p50.get(label) as number;
    const comparisons: Comparison[] = [
      {
        name: "hotplug debounce 0 p50",
        ratio: get("hotplug debounce 0") / get("bun --hot"),
        against: "bun --hot p50",
      },
      {
        name: "hotplug debounce 0 p50",
        ratio: get("hotplug debounce 0") / get("naive fs.watch+import"),
        against: "naive fs.watch+import p50",
      },
    ];
    const targets: Target[] = [0, 100].map((d) => {
      const over = get(`hotplug debounce ${d}`) - d;
      return {
        name: `hotplug p50 - debounce (${d} ms)`,
        goal: "<= 5 ms",
        actual: `${over.toFixed(2)} ms`,
        met: over <= 5,
      };
    });
    targets.push({
      name: "hotplug (debounce 0) vs bun --hot, p50",
      goal: "ratio <= 1",
      actual: `${(get("hotplug debounce 0") / get("bun --hot")).toFixed(2)}x`,
      met: get("hotplug debounce 0") <= get("bun --hot"),
    });
    return {
      figures,
      comparisons,
      targets,
      notes: [
        `hotplug driven through the ${how}.`,
        `${saves} timed saves per subject after 3 warm-up saves; a sample is writeFileSync -> the` +
          " new code's setup() marker line arriving on the child's stderr (the figure's min/median/max" +
          " are over the saves, p95 shown separately).",
      ],
    };
  },
};
