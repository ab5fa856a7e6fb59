import type { ArgsDef, ParsedArgs } from "citty";
import type { LogType } from "consola";
import * as v from "valibot";
import type { Isolation } from "../host-events.ts";
import type { LeftoversMode } from "../leftovers/leftovers-recorder.ts";
import { MAX_PROBATION_MS, type TypecheckMode } from "../plugin/manifest/manifest-schema.ts";
import { DEFAULT_OPTIONS, type HotReloadOptions } from "../reload/hot-reload-options.ts";
import { repeatedValues } from "./flag-values.ts";
import { UsageError } from "./usage-error.ts";

/** Also `check`'s: an import that never settles must not hang it. */
export const timeoutArg = {
  type: "string",
  description: "Time limit in ms for each step of a plugin: import, setup, start, stop, health",
  default: String(DEFAULT_OPTIONS.timeout),
  valueHint: "ms",
} as const;

/** Also `check`'s: a worker plugin is checked in a worker, as it would run. */
export const isolationArg: {
  type: "enum";
  description: string;
  options: Isolation[];
  default: Isolation;
} = {
  type: "enum",
  description:
    'Where plugins whose plugin.json has no "isolation" run: none (in the host\'s process) or worker (each generation in its own Worker)',
  options: ["none", "worker"],
  default: DEFAULT_OPTIONS.isolation,
};

/** The flags `dev` and `run` share (DESIGN.md's CLI). */
export const hostArgs = {
  dir: {
    type: "positional",
    description: "The plugins folder",
    default: "plugins",
    required: false,
  },
  debounce: {
    type: "string",
    description:
      "Quiet time in ms after a plugin's last change before it reloads; auto: 8 ms, longer (up to 60 ms) for a plugin whose saves come in bursts",
    default: String(DEFAULT_OPTIONS.debounceInterval),
    valueHint: "ms|auto",
  },
  "max-wait": {
    type: "string",
    description: "Longest wait in ms for a plugin whose files keep changing",
    default: String(DEFAULT_OPTIONS.maxWait),
    valueHint: "ms",
  },
  concurrency: {
    type: "string",
    description: "Most reloads at once; the rest wait their turn",
    default: String(DEFAULT_OPTIONS.maxConcurrentReloads),
    valueHint: "n",
  },
  timeout: timeoutArg,
  poll: {
    type: "boolean",
    description: "Poll the file system instead of native events (also HOTPLUG_POLL=1)",
    default: false,
  },
  "poll-interval": {
    type: "string",
    description:
      "Poll period in ms; in-place edits outside the plugins' files wait up to 4 (longer on big trees)",
    default: String(DEFAULT_OPTIONS.pollInterval),
    valueHint: "ms",
  },
  include: {
    type: "string",
    description: "Only files matching this glob trigger reloads (repeatable)",
    valueHint: "glob",
  },
  exclude: {
    type: "string",
    description:
      "Ignore files matching this glob, besides node_modules, .git, editor files (repeatable)",
    valueHint: "glob",
  },
  isolation: isolationArg,
  leftovers: {
    type: "enum",
    description:
      "What a generation left running after its stop() (timers, process listeners, servers): clear (report and end them; dev's default), warn (report only) or off (run's default)",
    options: ["clear", "warn", "off"],
  },
  typecheck: {
    type: "enum",
    description:
      "Type-check a plugin's module graph against tsconfig.json before a swap: gate (type errors fail the reload), warn (the swap goes ahead; errors are reported), off; plugin.json's \"typecheck\" wins",
    options: ["off", "warn", "gate"],
    default: DEFAULT_OPTIONS.typecheck,
  },
  probation: {
    type: "string",
    description:
      'Milliseconds after a swap during which a failing new generation (an uncaught error, health() not ok, mostly 5xx answers) is rolled back to the previous code; 0: off; plugin.json\'s "probation" wins',
    default: String(DEFAULT_OPTIONS.probation),
    valueHint: "ms",
  },
  json: {
    type: "boolean",
    description: "Write the event stream to stdout as JSON lines; logs stay on stderr",
    default: false,
  },
  "metrics-port": {
    type: "string",
    description:
      "Serve the dashboard (/), /events, /metrics, /status, /healthz and /readyz on 127.0.0.1:<port>",
    valueHint: "port",
  },
  "log-level": {
    type: "enum",
    description: "How much to log on stderr",
    options: ["silent", "error", "warn", "info", "debug"],
    default: "info",
  },
} as const satisfies ArgsDef;

/** A flag holding a whole number within bounds, with a message naming the flag. */
export const integer = (flag: string, min: number, max = Number.MAX_SAFE_INTEGER) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.regex(/^\d+$/, (issue) => `--${flag}: expected a whole number, got "${issue.input}"`),
    v.transform(Number),
    v.minValue(min, (issue) => `--${flag}: must be at least ${min}, got ${issue.input}`),
    v.maxValue(max, (issue) => `--${flag}: must be at most ${max}, got ${issue.input}`),
  );

const HostFlags = v.pipe(
  v.object({
    dir: v.pipe(v.string(), v.minLength(1, "dir: must not be empty")),
    debounce: v.union(
      [v.literal("auto"), integer("debounce", 0, 60_000)],
      (issue) =>
        `--debounce: expected auto or a whole number of ms from 0 to 60000, got "${issue.input}"`,
    ),
    "max-wait": integer("max-wait", 0, 600_000),
    concurrency: integer("concurrency", 1, 256),
    timeout: integer("timeout", 1, 3_600_000),
    "poll-interval": integer("poll-interval", 10, 60_000),
    "metrics-port": v.optional(integer("metrics-port", 0, 65_535)),
    probation: integer("probation", 0, MAX_PROBATION_MS),
  }),
  v.check(
    (flags) => flags.debounce === "auto" || flags["max-wait"] >= flags.debounce,
    (issue) => `--max-wait: must be at least --debounce, got ${JSON.stringify(issue.input)}`,
  ),
);

/** The host's options as the flags set them, plus the CLI's own. */
export type HostFlagValues = Pick<
  HotReloadOptions,
  | "dir"
  | "debounceInterval"
  | "maxWait"
  | "maxConcurrentReloads"
  | "timeout"
  | "poll"
  | "pollInterval"
  | "filePatterns"
  | "excludePatterns"
  | "isolation"
  | "leftovers"
  | "typecheck"
  | "probation"
> & {
  readonly json: boolean;
  readonly metricsPort: number | undefined;
  readonly logLevel: LogType;
};

/** Validates the flags once, with a message naming the flag; throws UsageError. */
export function parseHostFlags(
  args: ParsedArgs<typeof hostArgs>,
  rawArgs: readonly string[],
  /** What the command does without the flag: `dev` clears leftovers, `run` records none. */
  defaults: { readonly leftovers: LeftoversMode },
): HostFlagValues {
  const result = v.safeParse(HostFlags, {
    dir: args.dir,
    debounce: args.debounce,
    "max-wait": args["max-wait"],
    concurrency: args.concurrency,
    timeout: args.timeout,
    "poll-interval": args["poll-interval"],
    "metrics-port": args["metrics-port"],
    probation: args.probation,
  });
  if (!result.success) {
    throw new UsageError(result.issues.map((issue) => issue.message).join("\n"));
  }
  const flags = result.output;
  return {
    dir: flags.dir,
    debounceInterval: flags.debounce,
    maxWait: flags["max-wait"],
    maxConcurrentReloads: flags.concurrency,
    timeout: flags.timeout,
    poll: args.poll === true,
    pollInterval: flags["poll-interval"],
    filePatterns: repeatedValues(rawArgs, "include"),
    excludePatterns: repeatedValues(rawArgs, "exclude"),
    isolation: args.isolation as Isolation,
    leftovers: (args.leftovers as LeftoversMode | undefined) ?? defaults.leftovers,
    typecheck: args.typecheck as TypecheckMode,
    probation: flags.probation,
    json: args.json === true,
    metricsPort: flags["metrics-port"],
    logLevel: args["log-level"] as LogType,
  };
}
