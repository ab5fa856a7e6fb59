import {
  type ErrorReport,
  MAX_BUILD_ERRORS,
  type ReportedProblem,
} from "../errors/present-error.ts";
import { ReloadError } from "../errors/reload-error.ts";
import { shownPath } from "../errors/shown-path.ts";
import { codeFrame, type SourceLocation } from "../errors/source-location.ts";

/** One type error, where the compiler puts it (1-based line and column). */
export interface TypeProblem {
  readonly location: SourceLocation;
  /** The compiler's message, its chain of reasons indented under it. */
  readonly message: string;
  /** TypeScript's error number (2339: no such property). */
  readonly code: number;
}

/** What one check found: the changed plugin's own errors, and each dependent's against it. */
export interface TypeCheckResult {
  readonly ok: boolean;
  readonly plugin: readonly TypeProblem[];
  readonly dependents: readonly {
    readonly name: string;
    readonly problems: readonly TypeProblem[];
  }[];
  readonly durationMs: number;
}

const shown = (problem: TypeProblem) => `TS${problem.code}: ${problem.message}`;

/**
 * Type errors as a failed build shows its errors: each with file:line:column and a code frame,
 * the first MAX_BUILD_ERRORS of them, then how many more. Empty `problems` is no report.
 */
export function typeErrorReport(problems: readonly TypeProblem[]): ErrorReport | undefined {
  const errors = problems.slice(0, MAX_BUILD_ERRORS).map((problem): ReportedProblem => {
    const frame = codeFrame(problem.location);
    return { message: shown(problem), location: problem.location, ...(frame ? { frame } : {}) };
  });
  const [first] = errors;
  if (!first) return undefined;
  return { ...first, stack: [], errors, more: problems.length - errors.length };
}

/** A report as lines of text (the log of a warn-mode check, `hotplug check --typecheck`). */
export function reportLines(report: ErrorReport, cwd: string): string[] {
  const lines: string[] = [];
  for (const problem of report.errors) {
    const { file, line, column } = problem.location;
    lines.push(`${shownPath(file, cwd)}:${line}:${column}: ${problem.message}`);
    if (problem.frame) lines.push(problem.frame.replace(/^/gm, "  "));
  }
  if (report.more > 0) lines.push(`and ${report.more} more`);
  return lines;
}

/** What a failed check says of `name`: its own errors first, then each broken dependent's. */
export function typeErrorHeadline(name: string, result: TypeCheckResult, cwd: string): string {
  const problems = allProblems(result);
  const first = problems[0];
  if (!first) return `${name}: no type errors`;
  const { file, line, column } = first.location;
  const others = problems.length - 1;
  const count = others > 0 ? ` (and ${others} more type error${others === 1 ? "" : "s"})` : "";
  const broken = result.dependents.filter((d) => d.problems.length > 0).map((d) => d.name);
  const blame =
    result.plugin.length === 0 && broken.length > 0
      ? `its new types break ${broken.join(", ")}: `
      : "";
  return `${name}: ${blame}${shownPath(file, cwd)}:${line}:${column}: ${shown(first)}${count}`;
}

/** The `--typecheck gate` failure of `name`, or undefined when the check passed. */
export function typecheckFailure(
  name: string,
  result: TypeCheckResult,
  cwd: string,
): ReloadError | undefined {
  const report = typeErrorReport(allProblems(result));
  if (result.ok || !report) return undefined;
  return new ReloadError(typeErrorHeadline(name, result, cwd), {
    pluginName: name,
    phase: "typecheck",
    file: report.location?.file,
    report,
  });
}

export function allProblems(result: TypeCheckResult): TypeProblem[] {
  return [...result.plugin, ...result.dependents.flatMap((d) => d.problems)];
}
