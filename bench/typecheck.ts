import { appendFileSync, cpSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BUN, Child, sleep } from "./lib/child.ts";
import { makeTemp, removeTemp } from "./lib/cleanup.ts";
import { figure, median } from "./lib/stats.ts";
import type { Benchmark, Comparison, Figure, Target } from "./lib/types.ts";

const REPO = join(import.meta.dir, "..");
const CLI = join(REPO, "src", "cli.ts");
const MODULES = 200;

type Mode = "off" | "gate";

/** A project to check: plugins.example's, or one plugin whose graph is MODULES modules. */
interface Project {
  readonly label: string;
  /** Writes the plugins folder under `base`; returns the file each save edits and its plugin. */
  readonly write: (base: string) => { file: string; plugin: string };
}

/** Resolvable as in a project that installed its packages: hotplug, valibot, bun-types. */
function projectFiles(base: string): void {
  symlinkSync(join(REPO, "node_modules"), join(base, "node_modules"));
  const compilerOptions = {
    target: "ESNext",
    module: "Preserve",
    moduleResolution: "bundler",
    types: ["bun-types"],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    allowImportingTsExtensions: true,
    paths: { hotplug: [join(REPO, "src", "index.ts")] },
  };
  writeFileSync(
    join(base, "tsconfig.json"),
    JSON.stringify({ compilerOptions, include: ["plugins/**/*"] }),
  );
}

const PROJECTS: Project[] = [
  {
    label: "plugins.example greeter (2 dependents checked too)",
    write(base) {
      cpSync(join(REPO, "plugins.example"), join(base, "plugins"), {
        recursive: true,
        filter: (source) => !source.endsWith(".test.ts"),
      });
      return { file: join(base, "plugins", "greeter", "index.ts"), plugin: "greeter" };
    },
  },
  {
    label: `a plugin of ${MODULES} modules, its entry edited`,
    write(base) {
      const dir = join(base, "plugins", "big");
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "plugin.json"), JSON.stringify({ name: "big", version: "1.0.0" }));
      const imports: string[] = [];
      for (let i = 0; i < MODULES; i++) {
        const previous = i === 0 ? "" : `import { step${i - 1} } from "./m${i - 1}.ts";\n`;
        const body = i === 0 ? "n + 1" : `step${i - 1}(n) + 1`;
        writeFileSync(
          join(dir, `m${i}.ts`),
          `${previous}export interface Shape${i} { readonly n: number; readonly label: string }\n` +
            `export function step${i}(n: number): number { return ${body}; }\n` +
            `export const shape${i}: Shape${i} = { n: ${i}, label: "m${i}" };\n`,
        );
        imports.push(`import { shape${i} } from "./m${i}.ts";`);
      }
      const entry = join(dir, "index.ts");
      writeFileSync(
        entry,
        `import type { Plugin } from "hotplug";\n${imports.join("\n")}\nimport { step${MODULES - 1} } from "./m${MODULES - 1}.ts";\n` +
          `const shapes = [${Array.from({ length: MODULES }, (_, i) => `shape${i}`).join(", ")}];\n` +
          `export default { setup: () => ({ total: step${MODULES - 1}(0) + shapes.length }) } satisfies Plugin<undefined, { total: number }>;\n`,
      );
      return { file: entry, plugin: "big" };
    },
  },
];

/** Save -> plugin:reloaded, `saves` times after 3 warm-up saves; and spawn -> host:ready. */
async function measure(project: Project, mode: Mode, saves: number) {
  const base = await makeTemp(`typecheck-${mode}`);
  projectFiles(base);
  const { file, plugin } = project.write(base);
  const started = performance.now();
  const child = new Child([BUN, CLI, "dev", join(base, "plugins"), "--json", "--typecheck", mode]);
  const samples: number[] = [];
  try {
    const ready = await child.waitJson("host:ready", 60_000);
    const startupMs = ready.t - started;
    for (let i = 0; i < 3 + saves; i++) {
      const from = child.lines.length;
      const t0 = performance.now();
      appendFileSync(file, `// save ${i}\n`);
      const reloaded = await child.waitJson(
        "plugin:reloaded",
        10_000,
        from,
        (e) => e.plugin === plugin,
      );
      if (i >= 3) samples.push(reloaded.t - t0);
      // Let the dependents' reloads and the watcher settle; jitter avoids a timer's phase.
      await sleep(80 + Math.random() * 20);
    }
    return { samples, startupMs };
  } finally {
    await child.stop();
    await removeTemp(base);
  }
}

export const typecheck: Benchmark = {
  name: "typecheck",
  title: "--typecheck gate: added save -> new code latency (warm), and the cold first check",
  async run(ctx) {
    const saves = ctx.quick ? 10 : 40;
    const figures: Figure[] = [];
    const comparisons: Comparison[] = [];
    const targets: Target[] = [];
    for (const project of PROJECTS) {
      const p50 = new Map<Mode, number>();
      const startup = new Map<Mode, number>();
      for (const mode of ["off", "gate"] as const) {
        ctx.progress(`${project.label}, --typecheck ${mode}: ${saves} saves`);
        const { samples, startupMs } = await measure(project, mode, saves);
        figures.push(
          figure(`${project.label}, --typecheck ${mode}: save -> reloaded`, "ms", samples, true),
        );
        figures.push(
          figure(`${project.label}, --typecheck ${mode}: start -> host:ready`, "ms", [startupMs]),
        );
        p50.set(mode, median(samples));
        startup.set(mode, startupMs);
      }
      const off = p50.get("off") as number;
      const gate = p50.get("gate") as number;
      comparisons.push({
        name: `${project.label}: gate p50`,
        ratio: gate / off,
        against: "off p50",
      });
      figures.push(figure(`${project.label}: added by gate, p50`, "ms", [gate - off]));
      figures.push(
        figure(`${project.label}: cold first check (host:ready, gate - off)`, "ms", [
          (startup.get("gate") as number) - (startup.get("off") as number),
        ]),
      );
      if (project === PROJECTS[0]) {
        targets.push({
          name: "warm gate, example plugin: p50 added",
          goal: "<= 100 ms",
          actual: `${(gate - off).toFixed(1)} ms`,
          met: gate - off <= 100,
        });
      }
    }
    return {
      figures,
      comparisons,
      targets,
      notes: [
        "hotplug through its CLI (`dev --json --typecheck off|gate`) on a project with its own tsconfig.json and node_modules (hotplug's); a sample is an appended comment saved -> that plugin's plugin:reloaded event. The greeter's check covers announcer and web, its dependents.",
        "The cold first check is the extra time to host:ready: TypeScript's native compiler starting and reading the whole program (lib and bun-types included) before the first plugin starts.",
      ],
    };
  },
};
