import { ReloadError } from "../errors/reload-error.ts";
import { eventPath } from "../errors/shown-path.ts";
import type { HostEvents } from "../host-events.ts";
import type { TypecheckMode } from "../plugin/manifest/manifest-schema.ts";
import { type DurationCounts, DurationHistogram } from "../reload/duration-histogram.ts";
import type { CheckRequest, TypeChecker, TypeCheckerOptions } from "./type-checker.ts";
import {
  type TypeCheckResult,
  typecheckFailure,
  typeErrorHeadline,
  typeErrorReport,
} from "./type-error-report.ts";

export interface HostTypecheckOptions extends Omit<TypeCheckerOptions, "root"> {
  /** `--typecheck`: the mode of plugins whose manifest does not say. */
  readonly mode: TypecheckMode;
  /** The plugins folder's real path now. */
  readonly root: () => string;
  /** The working directory: messages show paths by shownPath's rule. */
  readonly cwd: string;
  /** Starts the checker; tests hand in their own. */
  readonly start: (options: TypeCheckerOptions) => Promise<TypeChecker>;
}

/**
 * `--typecheck` for one host: one checker, started the first time a plugin's mode asks for a
 * check (so `off` costs nothing), kept warm until the host stops. `gate` throws the failure
 * of phase "typecheck"; `warn` checks in the background and hands back warnings.
 */
export class HostTypecheck {
  readonly #options: HostTypecheckOptions;
  #checker: Promise<TypeChecker> | undefined;
  readonly #durations = new DurationHistogram();

  constructor(options: HostTypecheckOptions) {
    this.#options = options;
  }

  /** A plugin's mode: its manifest's `typecheck`, else `--typecheck`. */
  modeOf(manifest: { readonly typecheck?: TypecheckMode | undefined }): TypecheckMode {
    return manifest.typecheck ?? this.#options.mode;
  }

  /** `gate`: resolves when the plugin and its dependents type-check; throws otherwise. */
  async gate(request: CheckRequest): Promise<void> {
    const { name } = request.plugin;
    let result: TypeCheckResult;
    try {
      result = await this.#check(request);
    } catch (error) {
      throw new ReloadError(`${name}: ${(error as Error).message}`, {
        pluginName: name,
        phase: "typecheck",
        cause: error,
      });
    }
    const failure = typecheckFailure(name, result, this.#options.cwd);
    if (failure) throw failure;
  }

  /**
   * `warn`: the check runs after the swap; each plugin with type errors (the changed one, or
   * a dependent it broke) gets one warning, its first error's place and the count in it.
   */
  async warn(request: CheckRequest): Promise<HostEvents["plugin:warning"][]> {
    const { name } = request.plugin;
    let result: TypeCheckResult;
    try {
      result = await this.#check(request);
    } catch (error) {
      return [{ plugin: name, kind: "typecheck", message: `${name}: ${(error as Error).message}` }];
    }
    const own = { name, problems: result.plugin };
    return [own, ...result.dependents].flatMap(({ name: plugin, problems }) => {
      const report = typeErrorReport(problems);
      if (!report?.location) return [];
      const alone = { ok: false, plugin: problems, dependents: [], durationMs: 0 };
      const after = plugin === name ? "" : ` (after ${name} changed)`;
      const { line, column, file } = report.location;
      return [
        {
          plugin,
          kind: "typecheck" as const,
          message: `${typeErrorHeadline(plugin, alone, this.#options.cwd)}${after}`,
          file: eventPath(this.#options.root(), file),
          line,
          column,
          ...(report.frame ? { frame: report.frame } : {}),
        },
      ];
    });
  }

  durations(): DurationCounts {
    return this.#durations.counts();
  }

  /** Stops the compiler, if one was started. */
  async close(): Promise<void> {
    const checker = this.#checker;
    this.#checker = undefined;
    await (await checker?.catch(() => undefined))?.close();
  }

  async #check(request: CheckRequest): Promise<TypeCheckResult> {
    const checker = await this.#started();
    const result = await checker.check(request);
    this.#durations.observe(result.durationMs);
    return result;
  }

  /** The warm checker; one that could not start is tried again on the next check. */
  #started(): Promise<TypeChecker> {
    if (!this.#checker) {
      const { root, start, ...options } = this.#options;
      this.#checker = start({ ...options, root: root() });
      this.#checker.catch(() => {
        this.#checker = undefined;
      });
    }
    return this.#checker;
  }
}
