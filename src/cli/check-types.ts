import type { Runtime } from "../runtime/runtime.ts";
import { systemClock } from "../schedule/clock.ts";
import { type CheckedPlugin, TypeChecker } from "../typecheck/type-checker.ts";
import { reportLines, typecheckFailure } from "../typecheck/type-error-report.ts";

/** A plugin whose graph has type errors ("" for a checker that could not run at all). */
export interface TypeCheckProblem {
  readonly plugin: string;
  readonly phase: "typecheck";
  readonly message: string;
  /** Each error with its place and code frame, as lines. */
  readonly details?: readonly string[];
}

export interface CheckTypesOptions {
  readonly runtime: Runtime;
  readonly timeoutMs: number;
  readonly cwd: string;
}

/**
 * `hotplug check --typecheck`: each plugin's module graph (as its import's scan read it),
 * checked once as `--typecheck gate` would check it before its first start. One checker for
 * all of them.
 */
export async function checkTypes(
  root: string,
  plugins: readonly CheckedPlugin[],
  options: CheckTypesOptions,
): Promise<TypeCheckProblem[]> {
  if (plugins.length === 0) return [];
  const problems: TypeCheckProblem[] = [];
  let checker: TypeChecker;
  try {
    checker = await TypeChecker.start({ ...options, root, clock: systemClock });
  } catch (error) {
    return [{ plugin: "", phase: "typecheck", message: (error as Error).message }];
  }
  try {
    for (const plugin of plugins) {
      const result = await checker.check({ plugin, dependents: [] });
      const failure = typecheckFailure(plugin.name, result, options.cwd);
      if (!failure?.report) continue;
      problems.push({
        plugin: plugin.name,
        phase: "typecheck",
        message: failure.message,
        details: reportLines(failure.report, options.cwd),
      });
    }
  } catch (error) {
    problems.push({ plugin: "", phase: "typecheck", message: (error as Error).message });
  } finally {
    await checker.close();
  }
  return problems;
}
