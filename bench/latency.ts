import { mkdirSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BUN, Child, sleep } from "./lib/child.ts";
import { makeTemp, removeTemp } from "./lib/cleanup.ts";
import { cliDev } from "./lib/cli.ts";
import { figure, median, percentile } from "./lib/stats.ts";
import type { Benchmark, Comparison, Figure, Target } from "./lib/types.ts";

// The plugin under test: its entry prints the marker it imports from its helper (a file of its
// own folder, or a workspace package's), so an edit of either file is "new code" only once
// setup() prints the new marker.
const entrySource = (tail: string, from: string) => `import { token } from "${from}";
export default {
  setup(ctx) {
    console.error("MARK " + token + ${JSON.stringify(tail)});
    return { token };
  },
};
`;
const helperSource = (token: string) => `export const token = ${JSON.stringify(token)};\n`;

// bun --hot and --watch run this entry, which imports the plugin statically (so both watch it).
const HOST_ENTRY = `import plugin from "./plugins/p/index.ts";
await plugin.setup({ generation: 0 });
globalThis.keepAlive ??= setInterval(() => {}, 1 << 30);
if (!globalThis.announced) {
  globalThis.announced = true;
  process.stdout.write(JSON.stringify({ type: "host:ready" }) + "\\n");
}
`;

/** A save whose new code has not run after this long is counted lost, not waited for. */
const LOST_AFTER_MS = 2000;

/** What is saved: the entry, its helper, or the workspace package it imports instead. */
type Edit = "direct" | "helper" | "workspace";
const FLOOR = "floor: fs.watch + evicting import";
type Save = "in-place" | "atomic";

interface Subject {
  readonly label: string;
  /** The longest it may take, on top of the save itself. */
  readonly slackMs: number;
  readonly command: (paths: { plugins: string; hostEntry: string }) => string[];
}

const SUBJECTS: Subject[] = [
  { label: "hotplug (defaults)", slackMs: 1000, command: ({ plugins }) => cliDev(plugins) },
  { label: "hotplug --debounce 0", slackMs: 0, command: ({ plugins }) => cliDev(plugins, 0) },
  { label: "bun --hot", slackMs: 0, command: ({ hostEntry }) => [BUN, "--hot", hostEntry] },
  {
    label: "bun --watch (restart)",
    slackMs: 500,
    command: ({ hostEntry }) => [BUN, "--watch", hostEntry],
  },
  {
    label: FLOOR,
    slackMs: 0,
    command: ({ plugins }) => [BUN, join(import.meta.dir, "children", "floor-host.ts"), plugins],
  },
];

/**
 * Writes `text` as an editor would: in place (truncate + write), or a temp file beside it
 * renamed over it (a `.tmp`, which every watcher here ignores: the floor's `.ts` filter, and
 * hotplug's default excludes).
 */
function save(file: string, text: string, how: Save): void {
  if (how === "in-place") {
    writeFileSync(file, text);
    return;
  }
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

/** `saves` timed saves: each sample is the save -> the new marker on the child's stderr. */
async function measure(
  subject: Subject,
  edit: Edit,
  how: Save,
  saves: number,
  progress: (m: string) => void,
) {
  const base = await makeTemp("latency");
  const plugins = join(base, "plugins");
  const dir = join(plugins, "p");
  const entry = join(dir, "index.ts");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "plugin.json"), JSON.stringify({ name: "p", version: "1.0.0" }));
  // A workspace package as `bun install` links it for a `workspace:*` dependency.
  const shared = join(base, "libs", "shared");
  const specifier = edit === "workspace" ? "@acme/shared" : "./helper.ts";
  const helper = edit === "workspace" ? join(shared, "index.ts") : join(dir, "helper.ts");
  if (edit === "workspace") {
    mkdirSync(join(base, "node_modules", "@acme"), { recursive: true });
    mkdirSync(shared, { recursive: true });
    const manifest = { name: "@acme/shared", version: "1.0.0", main: "index.ts" };
    writeFileSync(join(shared, "package.json"), JSON.stringify(manifest));
    symlinkSync("../../libs/shared", join(base, "node_modules", "@acme", "shared"));
  }
  writeFileSync(helper, helperSource("start"));
  writeFileSync(entry, entrySource("", specifier));
  const hostEntry = join(base, "host-entry.ts");
  writeFileSync(hostEntry, HOST_ENTRY);
  const child = new Child(subject.command({ plugins, hostEntry }));
  const samples: number[] = [];
  let lost = 0;
  let ran = 0;
  try {
    await child.waitJson("host:ready", 15_000);
    const warmup = 3;
    for (let i = 0; i < warmup + saves; i++) {
      const token = `s${i}`;
      const from = child.lines.length;
      const t0 = performance.now();
      if (edit === "direct") save(entry, entrySource(`-${token}`, specifier), how);
      else save(helper, helperSource(token), how);
      const marker = edit === "direct" ? `-${token}` : token;
      const line = await child
        .waitFor(
          (l) => l.stream === "stderr" && l.text.includes("MARK ") && l.text.endsWith(marker),
          LOST_AFTER_MS + subject.slackMs,
          from,
        )
        .catch(() => undefined); // this save never ran: lost
      if (line) ran++;
      if (i >= warmup) {
        if (line) samples.push(line.t - t0);
        else lost++;
      }
      // A tool that has run none of its first three saves (bun --hot after an atomic save)
      // will not run the rest: they count as lost without waiting for each.
      if (ran === 0 && i === 2) {
        lost = saves;
        break;
      }
      if (i % 20 === 0)
        progress(`${subject.label}, ${edit} ${how}: save ${i + 1}/${warmup + saves}`);
      // Let the reload finish and the watcher settle; jitter avoids locking onto a timer phase.
      await sleep(60 + Math.random() * 20);
    }
  } finally {
    await child.stop();
    await removeTemp(base);
  }
  return { samples, lost };
}

export const latency: Benchmark = {
  name: "latency",
  title: "Save-to-new-code latency",
  async run(ctx) {
    const saves = ctx.quick ? 10 : 50;
    const figures: Figure[] = [];
    const comparisons: Comparison[] = [];
    const targets: Target[] = [];
    /** The defaults' p50 for a helper in the plugin's folder, by kind of save. */
    const helperP50 = new Map<Save, number>();
    for (const edit of ["direct", "helper", "workspace"] as const) {
      for (const how of ["in-place", "atomic"] as const) {
        const p50 = new Map<string, number>();
        const p95 = new Map<string, number>();
        // The floor watches the plugins folder only: a workspace package is beyond it.
        const subjects = SUBJECTS.filter((s) => edit !== "workspace" || s.label !== FLOOR);
        for (const subject of subjects) {
          const { samples, lost } = await measure(subject, edit, how, saves, ctx.progress);
          const name = `${subject.label}, ${edit} edit, ${how}`;
          if (lost > 0) {
            figures.push({
              name: `${name}: saves lost`,
              unit: "count",
              median: lost,
              min: lost,
              max: lost,
              runs: saves,
            });
          }
          if (samples.length === 0) continue;
          figures.push(figure(name, "ms", samples, true));
          p50.set(subject.label, median(samples));
          p95.set(subject.label, percentile(samples, 95));
        }
        const kind = `${edit} edit, ${how}`;
        const zero = p50.get("hotplug --debounce 0");
        const defaults = p50.get("hotplug (defaults)");
        const against = (name: string, value: number | undefined, label: string, base: string) => {
          const baseline = p50.get(label);
          if (value !== undefined && baseline !== undefined) {
            comparisons.push({
              name: `${name} p50 (${kind})`,
              ratio: value / baseline,
              against: base,
            });
          }
        };
        against("--debounce 0", zero, FLOOR, "floor p50");
        against("--debounce 0", zero, "bun --hot", "bun --hot p50");
        against("defaults", defaults, "bun --hot", "bun --hot p50");
        against("defaults", defaults, "bun --watch (restart)", "bun --watch p50");
        const floor = p50.get(FLOOR);
        const hot = p50.get("bun --hot");
        if (edit === "helper" && defaults !== undefined) helperP50.set(how, defaults);
        const inFolder = helperP50.get(how);
        if (edit === "workspace" && defaults !== undefined && inFolder !== undefined) {
          comparisons.push({
            name: `defaults p50 (${kind})`,
            ratio: defaults / inFolder,
            against: `defaults p50 (helper edit, ${how})`,
          });
          targets.push({
            name: `workspace package vs helper in the plugin folder, defaults p50 (${how})`,
            goal: "<= 1.1x",
            actual: `${(defaults / inFolder).toFixed(2)}x`,
            met: defaults <= 1.1 * inFolder,
          });
        }
        targets.push({
          name: `defaults p50 (${kind})`,
          goal: "<= 15 ms",
          actual:
            defaults === undefined
              ? "every save lost"
              : `${defaults.toFixed(2)} ms (p95 ${(p95.get("hotplug (defaults)") ?? 0).toFixed(2)})`,
          met: defaults !== undefined && defaults <= 15,
        });
        if (zero !== undefined && floor !== undefined) {
          targets.push({
            name: `--debounce 0 vs floor, p50 (${kind})`,
            goal: "<= 1.3x",
            actual: `${(zero / floor).toFixed(2)}x`,
            met: zero <= 1.3 * floor,
          });
        }
        targets.push({
          name: `--debounce 0 vs bun --hot, p50 (${kind})`,
          goal: "< 1x",
          actual:
            hot === undefined
              ? "bun --hot ran none of these saves"
              : `${((zero ?? Number.POSITIVE_INFINITY) / hot).toFixed(2)}x`,
          met: zero !== undefined && (hot === undefined || zero < hot),
        });
      }
    }
    return {
      figures,
      comparisons,
      targets,
      notes: [
        "hotplug through its CLI (`bun src/cli.ts dev <dir> --json`), defaults = `--debounce auto`.",
        `${saves} timed saves per subject and kind after 3 warm-up saves, 60-80 ms apart; a sample is` +
          " the save (writeFileSync, or a .tmp file renamed over the file) -> the new code's setup()" +
          " marker arriving on the child's stderr. direct: the entry changes; helper: a file it imports;" +
          " workspace: the file of a workspace package it imports instead (libs/shared, linked" +
          " into node_modules/@acme/shared as `bun install` links a workspace:* dependency).",
        "floor: bench/children/floor-host.ts, fs.watch + require.cache eviction + import(?v=n) + setup().",
      ],
    };
  },
};
