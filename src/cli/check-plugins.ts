import { basename } from "node:path";
import { asReloadError } from "../errors/reload-error.ts";
import { shownPath } from "../errors/shown-path.ts";
import type { Isolation } from "../host-events.ts";
import { discoverPlugins } from "../plugin/discover-plugins.ts";
import type { Runners } from "../plugin/generation-runner.ts";
import { checkManifestSet } from "../plugin/manifest/check-manifests.ts";
import type { LoadedManifest } from "../plugin/manifest/read-manifest.ts";
import { planStartup } from "../plugin/plan-startup.ts";
import { prepareManifest } from "../plugin/prepare-plugin.ts";
import { createRunners } from "../runner/create-runners.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { checkTypes } from "./check-types.ts";

export interface CheckProblem {
  readonly plugin: string;
  readonly phase: string;
  readonly message: string;
  readonly file?: string;
  /** A type check's errors, each with its place and code frame, as lines. */
  readonly details?: readonly string[];
}

export interface CheckReport {
  readonly ok: boolean;
  /** Plugins whose manifest, module and config are valid: name and version. */
  readonly plugins: { name: string; version: string }[];
  readonly problems: CheckProblem[];
}

export interface CheckOptions {
  readonly runtime: Runtime;
  readonly timeoutMs: number;
  /** Where plugins whose manifest does not say are imported: as `dev` would run them. */
  readonly isolation: Isolation;
  /** The working directory: the report shows paths relative to it when inside it. */
  readonly cwd: string;
  /** Type-check each plugin's graph too (`--typecheck`). */
  readonly typecheck?: boolean;
}

/**
 * `hotplug check`: every manifest, every module's import and shape, every config, and the
 * dependency graph, starting nothing. Every problem is listed, not just the first. Modules
 * are imported where they would run, so a worker plugin is imported in a worker.
 */
export async function checkPlugins(root: string, options: CheckOptions): Promise<CheckReport> {
  const runners = createRunners(options.runtime);
  try {
    return await check(root, options, runners);
  } finally {
    // Whatever check() threw, no worker it booted keeps the process alive.
    await runners.close();
  }
}

async function check(root: string, options: CheckOptions, runners: Runners): Promise<CheckReport> {
  const problems: CheckProblem[] = [];
  const report = (plugin: string, thrown: unknown) => {
    const error = asReloadError(plugin, thrown);
    problems.push({
      plugin,
      phase: error.phase,
      message: error.message,
      ...(error.file ? { file: shownPath(error.file, options.cwd) } : {}),
    });
  };
  const loaded: LoadedManifest[] = [];
  const { dirs, unreadable } = discoverPlugins(root);
  for (const error of unreadable) {
    problems.push({
      plugin: "",
      phase: "manifest",
      message: error.message,
      file: shownPath(error.path, options.cwd),
    });
  }
  for (const dir of dirs) {
    try {
      loaded.push(await prepareManifest(dir, options.cwd));
    } catch (error) {
      report(basename(dir), error);
    }
  }
  const enabled = loaded.filter((item) => item.manifest.enabled !== false);
  // The same plan the host starts by: a second use of a name or a cycle never loads.
  const plan = planStartup(enabled);
  for (const { item, error } of plan.refused) report(item.manifest.name, error);
  for (const error of checkManifestSet(enabled)) {
    if (error.code !== "MANIFEST_UNKNOWN_DEPENDENCY") continue;
    const plugin = enabled.find((item) => item.file === error.file)?.manifest.name ?? "";
    problems.push({ plugin, phase: "dependency", message: error.message, file: error.file });
  }
  const imported: { readonly item: LoadedManifest; readonly files: readonly string[] }[] = [];
  for (const item of plan.start) {
    try {
      const graph = runners.scan(item.entryPath);
      const candidate = await runners.load(item, options.isolation, {
        graph,
        previousFiles: [],
        timeoutMs: options.timeoutMs,
        root,
        cwd: options.cwd,
      });
      await candidate.dispose();
      imported.push({ item, files: graph.files });
    } catch (error) {
      report(item.manifest.name, error);
    }
  }
  const checked = imported.map(({ item, files }) => ({ name: item.manifest.name, files }));
  const typeProblems = options.typecheck ? await checkTypes(root, checked, options) : [];
  problems.push(...typeProblems);
  const plugins = imported
    .filter(({ item }) => !typeProblems.some((problem) => problem.plugin === item.manifest.name))
    .map(({ item: { manifest } }) => ({ name: manifest.name, version: manifest.version }));
  return { ok: problems.length === 0, plugins, problems };
}
