import type { Runners } from "../plugin/generation-runner.ts";
import type { LoadedManifest } from "../plugin/manifest/read-manifest.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { systemClock } from "../schedule/clock.ts";
import { TypeChecker } from "../typecheck/type-checker.ts";
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
 * `hotplug check --typecheck`: each plugin's module graph, checked once as `--typecheck gate`
 * would check it before its first start. One checker for all of them.
 */
export async function checkTypes(
  root: string,
  items: readonly LoadedManifest[],
  runners: Pick<Runners, "scan">,
  options: CheckTypesOptions,
): Promise<TypeCheckProblem[]> {
  if (items.length === 0) return [];
  const problems: TypeCheckProblem[] = [];
  let checker: TypeChecker;
  try {
    checker = await TypeChecker.start({ ...options, root, clock: systemClock });
  } catch (error) {
    return [{ plugin: "", phase: "typecheck", message: (error as Error).message }];
  }
  try {
    for (const { manifest, entryPath } of items) {
      const plugin = { name: manifest.name, files: runners.scan(entryPath).files };
      const failure = typecheckFailure(
        manifest.name,
        await checker.check({ plugin, dependents: [] }),
        options.cwd,
      );
      if (!failure?.report) continue;
      problems.push({
        plugin: manifest.name,
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
