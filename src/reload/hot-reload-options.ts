import type { ConsolaInstance } from "consola";
import type { Isolation } from "../host-events.ts";
import type { LeftoversMode } from "../leftovers/leftovers-recorder.ts";
import type { Runners } from "../plugin/generation-runner.ts";
import type { TypecheckMode } from "../plugin/manifest/manifest-schema.ts";
import type { Runtime } from "../runtime/runtime.ts";
import type { Clock } from "../schedule/clock.ts";

/** The seed's WatchOptions and the CLI's flags, as one complete object. */
export interface HotReloadOptions {
  /** The plugins folder. */
  readonly dir: string;
  /**
   * Quiet time (ms) after a plugin's last change before it reloads; "auto" (the default): a
   * short one (8 ms), longer per plugin for savers that write in bursts (PendingChanges).
   */
  readonly debounceInterval: number | "auto";
  /** Longest (ms) a plugin written continuously waits for its reload. */
  readonly maxWait: number;
  /** The seed's maxConcurrentReloads: transactions at once, the rest queued. */
  readonly maxConcurrentReloads: number;
  /** Bound (ms) on every plugin hook; a hook over it has its signal aborted. */
  readonly timeout: number;
  readonly poll: boolean;
  readonly pollInterval: number;
  /** The seed's filePatterns: globs a changed file must match (empty: every file). */
  readonly filePatterns: readonly string[];
  /** Globs ignored on top of the default excludes (node_modules, .git, editor files). */
  readonly excludePatterns: readonly string[];
  /** Where plugins whose manifest does not say run: "none" (in-process) or "worker". */
  readonly isolation: Isolation;
  /**
   * What a generation left running once its stop() returned (timers, process and global
   * listeners, servers): `clear` reports and ends them, `warn` only reports, `off` records
   * nothing. `hotplug dev` defaults to clear.
   */
  readonly leftovers: LeftoversMode;
  /**
   * For plugins whose manifest does not say: type-check a plugin's graph before a swap (`gate`:
   * a swap must pass), after it (`warn`: errors are reported), or not at all (`off`).
   */
  readonly typecheck: TypecheckMode;
  /**
   * For plugins whose manifest does not say: ms after a swap during which the previous code is
   * kept ready, and a failing new generation is rolled back to it on its own. 0 turns it off.
   */
  readonly probation: number;
  /** Milliseconds between health checks of running plugins; 0 turns them off. */
  readonly healthInterval: number;
  /**
   * The working directory: messages and the human log show paths relative to it when inside
   * it, absolute otherwise. Defaults to the process's.
   */
  readonly cwd: string;
  readonly logger: ConsolaInstance;
  readonly runtime: Runtime;
  readonly clock: Clock;
  /**
   * Wraps where generations run: hotplug/testing (src/testing/) replaces a plugin's config and
   * isolation there and sees the state each generation starts with. A host leaves it out.
   */
  readonly wrapRunners?: (runners: Runners) => Runners;
}

export const DEFAULT_OPTIONS = {
  debounceInterval: "auto",
  maxWait: 1000,
  maxConcurrentReloads: 4,
  timeout: 30_000,
  poll: false,
  pollInterval: 250,
  filePatterns: [],
  excludePatterns: [],
  isolation: "none",
  leftovers: "off",
  typecheck: "off",
  probation: 0,
  healthInterval: 0,
} as const satisfies Partial<HotReloadOptions>;
