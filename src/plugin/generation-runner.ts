import type { Isolation, SwapMode } from "../host-events.ts";
import type { LeftoverReport } from "../leftovers/leftover-report.ts";
import type { ServeTarget } from "../serve/serve-target.ts";
import type { ModuleGraph } from "./loader/module-graph.ts";
import type { GenerationOffer } from "./local-generation.ts";
import type { TypecheckMode } from "./manifest/manifest-schema.ts";
import type { LoadedManifest } from "./manifest/read-manifest.ts";
import type { HealthResult } from "./plugin.ts";

/**
 * Where a plugin's generations run: the one seam between the lifecycle (manager, transaction,
 * rollback, state handoff, dependencies, events) and the code that imports modules and calls
 * hooks. In-process and worker isolation are its two implementations.
 */
export interface GenerationRunner {
  readonly isolation: Isolation;
  /**
   * Phases 2 and 3 of a reload: import the entry (whose graph was just scanned) and validate
   * the module and its config. Touches nothing running; throws a ReloadError.
   */
  load(request: LoadRequest): Promise<Candidate>;
  /** Forgets what the runner keeps of a plugin that is gone (its cached modules). */
  release(files: readonly string[]): Promise<void>;
  /** Frees what the runner holds for plugins to come (a worker booted ahead). */
  close(): Promise<void>;
}

export interface LoadRequest {
  readonly loaded: LoadedManifest;
  readonly graph: ModuleGraph;
  /** The graph of the code being replaced: modules it alone imported are dropped. */
  readonly previousFiles: readonly string[];
  readonly timeoutMs: number;
  /** The plugins folder: frames in files under it are the plugin's own. */
  readonly root: string;
  /** The working directory: messages show paths by shownPath's rule. */
  readonly cwd: string;
}

/**
 * Every runner the host has, by isolation, with the one loader that scans graphs: created by
 * the reload layer (src/runner/create-runners.ts), used by the plugin manager.
 */
export interface Runners {
  readonly byIsolation: Readonly<Record<Isolation, GenerationRunner>>;
  /** An entry's local import graph on disk now, as the runners will load it. */
  scan(entry: string): ModuleGraph;
  /** Phases 2-3 where the manifest says the plugin runs, else where `isolation` says. */
  load(
    loaded: LoadedManifest,
    isolation: Isolation,
    options: Omit<LoadRequest, "loaded">,
  ): Promise<Candidate>;
  /** Frees what every runner holds (a worker booted ahead), so nothing outlives its user. */
  close(): Promise<void>;
}

/** A validated module, ready to start generations: the outcome of phases 1-3. */
export interface Candidate {
  readonly name: string;
  readonly version: string;
  /** The plugin's real folder. */
  readonly dir: string;
  readonly entry: string;
  readonly dependsOn: readonly string[];
  readonly isolation: Isolation;
  readonly swap: SwapMode;
  /** Whether plugin.json has `listen`: the module then has fetch() (phase 3 checked it). */
  readonly serves: boolean;
  /** plugin.json's `probation` (ms), if it says; else the host's `--probation`. */
  readonly probation: number | undefined;
  /** plugin.json's `typecheck`, if it says; else the host's `--typecheck`. */
  readonly typecheck: TypecheckMode | undefined;
  /** setup() then start(); if start fails, what setup made is stopped again. */
  start(options: StartOptions): Promise<Generation>;
  /** Frees what the candidate holds (a worker); its generations must be stopped first. */
  dispose(): Promise<void>;
}

/** What a candidate is, from its manifest, wherever it runs. */
export function candidateFacts(
  { manifest, dir, entryPath }: LoadedManifest,
  isolation: Isolation,
): Omit<Candidate, "start" | "dispose"> {
  return {
    name: manifest.name,
    version: manifest.version,
    dir,
    entry: entryPath,
    dependsOn: manifest.dependsOn ?? [],
    isolation,
    swap: manifest.swap ?? "stop-first",
    serves: manifest.listen !== undefined,
    probation: manifest.probation,
    typecheck: manifest.typecheck,
  };
}

/** What a generation of a candidate starts with: the host's offer, its deadline, its crash. */
export interface StartOptions extends GenerationOffer {
  readonly timeoutMs: number;
  /** The generation failed on its own, outside any hook (a worker crashed or exited). */
  readonly onCrash: (error: Error) => void;
  /** It ended and left timers, listeners or servers running (see --leftovers). */
  readonly onLeftovers: (report: LeftoverReport) => void;
}

/** One started instance of a plugin's code. */
export interface Generation {
  readonly number: number;
  readonly candidate: Candidate;
  /** What setup() returned, as callers reach it (across a worker boundary: an async proxy). */
  readonly api: unknown;
  /** stop(), then abort the generation's signal; resolves to the state for the next one. */
  stop(timeoutMs: number): Promise<unknown>;
  /** The plugin's snapshot(ctx), for an overlap swap; undefined when it has none. */
  snapshot(timeoutMs: number): Promise<unknown>;
  health(timeoutMs: number): Promise<HealthResult>;
  /** For a plugin with `listen`: what its listener hands requests to while it serves. */
  readonly serving?: ServeTarget | undefined;
}
