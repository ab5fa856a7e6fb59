// `bun run bench [--quick] [--only NAME[,NAME]]`: runs the benchmarks, prints a table on stdout,
// writes bench/results.json. Exits non-zero only when a benchmark crashes, never on a missed
// target (CI machines are noisy).
import { execSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus, freemem, totalmem } from "node:os";
import { join } from "node:path";
import { deadlineQueue } from "./deadline-queue.ts";
import { handles } from "./handles.ts";
import { isolation } from "./isolation.ts";
import { latency } from "./latency.ts";
import { leftovers } from "./leftovers.ts";
import { formatTable } from "./lib/table.ts";
import type { Benchmark, BenchResult } from "./lib/types.ts";
import { memory } from "./memory.ts";
import { nativeEvents } from "./native-events.ts";
import { outsideWatch } from "./outside-watch.ts";
import { polling } from "./polling.ts";
import { probation } from "./probation.ts";
import { serving } from "./serving.ts";
import { startup } from "./startup.ts";
import { storm } from "./storm.ts";
import { typecheck } from "./typecheck.ts";
import { verify } from "./verify.ts";

const ALL: Benchmark[] = [
  latency,
  verify,
  isolation,
  handles,
  storm,
  memory,
  polling,
  outsideWatch,
  nativeEvents,
  startup,
  deadlineQueue,
  leftovers,
  serving,
  probation,
  typecheck,
];

function parseArgs(argv: string[]): { quick: boolean; only: Set<string> | undefined } {
  let quick = false;
  let only: Set<string> | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--quick") quick = true;
    else if (arg === "--only" || arg.startsWith("--only=")) {
      const value = arg === "--only" ? argv[++i] : arg.slice("--only=".length);
      if (!value) throw new TypeError("Cannot run benchmarks: --only needs a name");
      only = new Set([...(only ?? []), ...value.split(",")]);
    } else throw new TypeError(`Cannot run benchmarks: unknown flag ${arg}`);
  }
  const names = new Set(ALL.map((b) => b.name));
  for (const name of only ?? []) {
    if (!names.has(name)) {
      throw new TypeError(`Cannot run benchmarks: no benchmark ${name} (${[...names].join(", ")})`);
    }
  }
  return { quick, only };
}

function machine() {
  let nproc = cpus().length;
  try {
    nproc = Number(execSync("nproc").toString().trim());
  } catch {}
  return {
    cpu: cpus()[0]?.model ?? "unknown",
    nproc,
    memTotalGiB: +(totalmem() / 2 ** 30).toFixed(1),
    memFreeGiB: +(freemem() / 2 ** 30).toFixed(1),
    platform: `${process.platform} ${process.arch}`,
  };
}

const { quick, only } = parseArgs(process.argv.slice(2));
const started = performance.now();
const results: Record<string, BenchResult | { error: string }> = {};
let crashed = false;
for (const bench of ALL) {
  if (only && !only.has(bench.name)) continue;
  const t0 = performance.now();
  process.stderr.write(`[${bench.name}] ${bench.title}${quick ? " (quick)" : ""}\n`);
  try {
    results[bench.name] = await bench.run({
      quick,
      progress: (message) => process.stderr.write(`[${bench.name}] ${message}\n`),
    });
  } catch (error) {
    crashed = true;
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    results[bench.name] = { error: message };
    process.stderr.write(`[${bench.name}] CRASHED: ${message}\n`);
  }
  process.stderr.write(
    `[${bench.name}] done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );
}
const durationS = +((performance.now() - started) / 1000).toFixed(1);
const report = {
  machine: machine(),
  bun: Bun.version,
  date: new Date().toISOString(),
  mode: quick ? "quick" : "full",
  durationS,
  benchmarks: results,
};
writeFileSync(join(import.meta.dir, "results.json"), `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(formatTable(report));
process.stdout.write(`\n${report.mode} run: ${durationS} s; results in bench/results.json\n`);
process.exitCode = crashed ? 1 : 0;
