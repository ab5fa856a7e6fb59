import { readFileSync } from "node:fs";
import { sep } from "node:path";
import type { Diagnostic, Snapshot } from "typescript/unstable/async";
import { locationAt } from "../errors/source-location.ts";
import type { Runtime } from "../runtime/runtime.ts";
import type { Clock } from "../schedule/clock.ts";
import { type ProjectConfig, projectConfig } from "./project-config.ts";
import { SourceStamps } from "./source-stamps.ts";
import type { TypeCheckResult, TypeProblem } from "./type-error-report.ts";
import { TypecheckError } from "./typecheck-error.ts";
import { type LoadedTypescript, loadTypescript } from "./typescript-api.ts";

export interface TypeCheckerOptions {
  /** The plugins folder: the project's tsconfig.json is the nearest at or above it. */
  readonly root: string;
  readonly runtime: Runtime;
  /** Bounds the start and each check (`--timeout`). */
  readonly timeoutMs: number;
  readonly clock: Clock;
}

/** A plugin's files to check: its module graph as the loader read it. */
export interface CheckedPlugin {
  readonly name: string;
  readonly files: readonly string[];
}

export interface CheckRequest {
  /** The plugin that changed. */
  readonly plugin: CheckedPlugin;
  /** The plugins that depend on it, whose use of its types must still fit. */
  readonly dependents: readonly CheckedPlugin[];
}

/** What TypeScript checks: its own sources, not JSON, CSS or node_modules. */
const CHECKED = /\.[cm]?tsx?$/;
const ERROR = 1; // DiagnosticCategory.Error, stable since TypeScript 1

/**
 * TypeScript's checker kept warm across reloads: one compiler process and one program for the
 * project's tsconfig.json. Each check tells the program which files changed since the last
 * one (SourceStamps), so only those are parsed and checked again. Checks run one at a time.
 */
export class TypeChecker {
  readonly config: ProjectConfig;
  readonly typescript: string;
  readonly #options: TypeCheckerOptions;
  readonly #api: InstanceType<LoadedTypescript["api"]["API"]>;
  readonly #stamps = new SourceStamps();
  #snapshot: Snapshot;
  #inProgram = new Set<string>();
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(
    options: TypeCheckerOptions,
    config: ProjectConfig,
    typescript: LoadedTypescript,
    api: InstanceType<LoadedTypescript["api"]["API"]>,
    snapshot: Snapshot,
  ) {
    this.#options = options;
    this.config = config;
    this.typescript = typescript.from;
    this.#api = api;
    this.#snapshot = snapshot;
  }

  /** Starts the compiler on the project's tsconfig.json (cold: it reads the whole program). */
  static async start(options: TypeCheckerOptions): Promise<TypeChecker> {
    const config = projectConfig(options.root, options.runtime);
    const typescript = await loadTypescript(config.dir, options.runtime).catch((error) => {
      throw unavailable(config, error);
    });
    const api = new typescript.api.API({ cwd: config.dir, ...virtualConfig(config) });
    try {
      const snapshot = await deadline(
        options,
        config,
        api.updateSnapshot({ openProjects: [config.file] }),
      );
      const checker = new TypeChecker(options, config, typescript, api, snapshot);
      await checker.#readProgram();
      return checker;
    } catch (error) {
      await api.close().catch(() => {});
      throw unavailable(config, error);
    }
  }

  /** Type-checks the plugin's files and its dependents' against what is on disk now. */
  check(request: CheckRequest): Promise<TypeCheckResult> {
    const run = this.#queue
      .then(() => this.#check(request))
      .catch((error: unknown) => {
        throw unavailable(this.config, error);
      });
    this.#queue = run.catch(() => {});
    return deadline(this.#options, this.config, run);
  }

  async close(): Promise<void> {
    await this.#queue;
    await this.#api.close();
  }

  async #check(request: CheckRequest): Promise<TypeCheckResult> {
    const started = this.#options.clock.now();
    const plugins = [request.plugin, ...request.dependents].map((plugin) => ({
      name: plugin.name,
      files: plugin.files.filter((file) => CHECKED.test(file) && !inNodeModules(file)),
    }));
    const changes = this.#stamps.look(plugins.flatMap((plugin) => plugin.files));
    if (changes.changed.length + changes.created.length + changes.deleted.length > 0) {
      const previous = this.#snapshot;
      this.#snapshot = await this.#api.updateSnapshot({ fileChanges: changes });
      await previous.dispose();
      await this.#readProgram();
    }
    const [own, ...dependents] = await Promise.all(
      plugins.map(async (plugin) => ({
        name: plugin.name,
        problems: await this.#problems(plugin.files),
      })),
    );
    // A tsconfig.json that does not parse checks nothing as it says: the changed plugin's first error.
    const plugin = [...(await this.#configProblems()), ...(own?.problems ?? [])];
    const ok = plugin.length === 0 && dependents.every((d) => d.problems.length === 0);
    return { ok, plugin, dependents, durationMs: this.#options.clock.now() - started };
  }

  /** What the program holds now; files it read for the first time are watched from here. */
  async #readProgram(): Promise<void> {
    const names = await this.#project().program.getSourceFileNames();
    this.#inProgram = new Set(names);
    const dir = `${this.config.dir}${sep}`;
    const own = names.filter((name) => name.startsWith(dir) && !inNodeModules(name));
    // An edited tsconfig.json is a change too: the compiler reads its options again.
    this.#stamps.track(this.config.defaults === undefined ? [this.config.file, ...own] : own);
  }

  #project() {
    const project = this.#snapshot.getProject(this.config.file) ?? this.#snapshot.getProjects()[0];
    if (!project) throw unavailable(this.config, new Error("no project was opened"));
    return project;
  }

  async #configProblems(): Promise<TypeProblem[]> {
    const found = (await this.#project().program.getConfigFileParsingDiagnostics()).filter(
      (d) => d.category === ERROR,
    );
    if (found.length === 0) return [];
    const text = readFileSync(this.config.file, "utf8");
    return found.map((diagnostic) => toProblem(diagnostic, this.config.file, text));
  }

  async #problems(files: readonly string[]): Promise<TypeProblem[]> {
    const { program } = this.#project();
    // Asked all at once: the compiler answers over one pipe, so a graph of 200 files costs
    // one round of requests, not 400 round trips.
    const perFile = await Promise.all(
      files.map(async (file): Promise<TypeProblem[]> => {
        if (!this.#inProgram.has(file)) return [notIncluded(file, this.config)];
        const [syntactic, semantic] = await Promise.all([
          program.getSyntacticDiagnostics(file),
          program.getSemanticDiagnostics(file),
        ]);
        const found = [...syntactic, ...semantic].filter((d) => d.category === ERROR);
        if (found.length === 0) return [];
        const text = readFileSync(file, "utf8");
        return found.map((diagnostic) => toProblem(diagnostic, file, text));
      }),
    );
    return perFile.flat();
  }
}

const inNodeModules = (file: string) => file.includes(`${sep}node_modules${sep}`);

/** Without a tsconfig.json, the compiler reads hotplug's defaults in its place. */
function virtualConfig(config: ProjectConfig) {
  const { defaults } = config;
  if (defaults === undefined) return {};
  return {
    fs: {
      readFile: (name: string) => (name === config.file ? defaults : undefined),
      fileExists: (name: string) => (name === config.file ? true : undefined),
    },
  };
}

function notIncluded(file: string, config: ProjectConfig): TypeProblem {
  return {
    location: { file, line: 1, column: 1 },
    code: 6307,
    message: `not part of the program of ${config.file}: add the plugins folder to its "include" (e.g. "plugins/**/*")`,
  };
}

function toProblem(diagnostic: Diagnostic, file: string, text: string): TypeProblem {
  const where = diagnostic.fileName ?? file;
  // About the whole file (a tsconfig.json with no inputs): no place within it.
  const location =
    diagnostic.pos < 0
      ? { file: where, line: 1, column: 1 }
      : locationAt(where, text, diagnostic.pos);
  return { location, code: diagnostic.code, message: chained(diagnostic) };
}

/** The message and its chain of reasons, each level indented under the one it explains. */
function chained(diagnostic: Diagnostic, depth = 0): string {
  const own = `${"  ".repeat(depth)}${diagnostic.text}`;
  const chain = diagnostic.messageChain ?? [];
  return [own, ...chain.map((next) => chained(next, depth + 1))].join("\n");
}

function unavailable(config: ProjectConfig, error: unknown): TypecheckError {
  if (error instanceof TypecheckError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new TypecheckError(
    "TYPECHECK_UNAVAILABLE",
    `TypeScript could not check against ${config.file}: ${reason}`,
    config.file,
    error,
  );
}

/** `work`, or a TYPECHECK_TIMEOUT once `--timeout` has passed. */
function deadline<T>(
  options: TypeCheckerOptions,
  config: ProjectConfig,
  work: Promise<T>,
): Promise<T> {
  const { clock, timeoutMs } = options;
  let timer: unknown;
  const late = new Promise<never>((_, reject) => {
    timer = clock.setTimeout(
      () =>
        reject(
          new TypecheckError(
            "TYPECHECK_TIMEOUT",
            `the type check did not finish within ${timeoutMs} ms`,
            config.file,
          ),
        ),
      timeoutMs,
    );
  });
  return Promise.race([work, late]).finally(() => clock.clearTimeout(timer));
}
