import type { BenchResult } from "./types.ts";

interface Report {
  machine: { cpu: string; nproc: number; memTotalGiB: number; platform: string };
  bun: string;
  date: string;
  mode: string;
  benchmarks: Record<string, BenchResult | { error: string }>;
}

const num = (n: number) =>
  Math.abs(n) >= 1000 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2);

function pad(rows: string[][]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length))) ?? [];
  const line = (r: string[]) =>
    `| ${r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join(" | ")} |`;
  const rule = `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`;
  const [head, ...body] = rows;
  return [line(head ?? []), rule, ...body.map(line)].join("\n");
}

/** The results as Markdown tables, so they paste into docs/benchmarks.md unchanged. */
export function formatTable(report: Report): string {
  const { machine } = report;
  const out = [
    `bun ${report.bun}, ${machine.platform}, ${machine.cpu} x${machine.nproc}, ` +
      `${machine.memTotalGiB} GiB, ${report.date} (${report.mode})`,
    "",
  ];
  const figures: string[][] = [
    ["benchmark", "figure", "median", "p95", "min", "max", "unit", "runs"],
  ];
  const ratios: string[][] = [["benchmark", "figure", "ratio", "against (same run)"]];
  const targets: string[][] = [["benchmark", "target", "goal", "actual", "met"]];
  for (const [name, result] of Object.entries(report.benchmarks)) {
    if ("error" in result) {
      figures.push([name, "CRASHED", result.error.split("\n")[0] ?? "", "", "", "", "", ""]);
      continue;
    }
    for (const f of result.figures) {
      const p95 = f.p95 === undefined ? "" : num(f.p95);
      figures.push([
        name,
        f.name,
        num(f.median),
        p95,
        num(f.min),
        num(f.max),
        f.unit,
        String(f.runs),
      ]);
    }
    for (const c of result.comparisons) ratios.push([name, c.name, `${num(c.ratio)}x`, c.against]);
    for (const t of result.targets)
      targets.push([name, t.name, t.goal, t.actual, t.met ? "yes" : "NO"]);
  }
  out.push(pad(figures), "", pad(ratios), "", pad(targets), "");
  for (const [name, result] of Object.entries(report.benchmarks)) {
    if ("notes" in result) for (const note of result.notes) out.push(`- ${name}: ${note}`);
  }
  return `${out.join("\n")}\n`;
}
