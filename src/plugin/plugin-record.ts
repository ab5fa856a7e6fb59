import type { ReloadError } from "../errors/reload-error.ts";
import type { Isolation, SwapMode } from "../host-events.ts";
import { failureLocation } from "./failure-event.ts";
import type { Candidate, Generation, SourceState } from "./generation-runner.ts";
import type { PluginState } from "./plugin.ts";

/** What the host knows of one plugin folder, across its generations. */
export interface PluginRecord {
  name: string;
  /** The plugin's folder as found in the plugins folder (a symlink stays unresolved). */
  dir: string;
  state: PluginState;
  /** What the serving generation (or else the pending candidate) depends on. */
  dependsOn: readonly string[];
  /** The number of the newest generation started; the next start is one more. */
  generation: number;
  /** The generation serving now, if any. */
  current: Generation | undefined;
  /** The newest validated module not yet started (a plugin waiting for a dependency). */
  pending: Candidate | undefined;
  /** Where the code of `current` (or `pending`) came from, as it was read. */
  source: SourceState | undefined;
  /** What the last load or reload read, whatever its outcome: the files verified after it. */
  read: SourceState | undefined;
  /** What the last stop() returned, for the next start after a wait. */
  savedState: unknown;
  /** Files whose change concerns this plugin: its manifest and local import graphs. */
  files: readonly string[];
  reloads: number;
  /** How long the last successful reload took, in ms. */
  lastReloadMs: number | null;
  /** Calls through its live handle refused because no generation served. */
  refusedCalls: number;
  errors: number;
  lastError: ReloadError | undefined;
  /** The running generation is older than what is on disk: its last reload failed. */
  stale: boolean;
}

/** A plain snapshot of a record for status(), /status and the human log. */
export interface PluginStatus {
  readonly name: string;
  readonly dir: string;
  readonly state: PluginState;
  readonly version: string | null;
  readonly generation: number | null;
  readonly stale: boolean;
  readonly isolation: Isolation;
  readonly swap: SwapMode;
  readonly reloads: number;
  readonly lastReloadMs: number | null;
  /** Calls through its live handle refused (PluginUnavailableError) because none served. */
  readonly refusedCalls: number;
  readonly errors: number;
  readonly lastError: StatusError | null;
}

/** A plugin's last failure as /status, status() and the dashboard show it. */
export interface StatusError {
  readonly phase: string;
  readonly message: string;
  /** The topmost location, relative to the plugins folder, with `/` separators. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly frame?: string;
}

export function newRecord(name: string, dir: string): PluginRecord {
  return {
    name,
    dir,
    state: "loading",
    dependsOn: [],
    generation: 0,
    current: undefined,
    pending: undefined,
    source: undefined,
    read: undefined,
    savedState: undefined,
    files: [],
    reloads: 0,
    lastReloadMs: null,
    refusedCalls: 0,
    errors: 0,
    lastError: undefined,
    stale: false,
  };
}

const filesOf = (source: SourceState | undefined) =>
  source ? [source.manifestFile, ...source.graph.files] : [];

/** Notes what an attempt read, and what now serves (or waits): both decide what it owns. */
export function noteSources(
  record: PluginRecord,
  read: SourceState | undefined,
  serving: SourceState | undefined = record.source,
): void {
  record.read = read;
  record.source = serving;
  record.files = [...new Set([...filesOf(serving), ...filesOf(read)])];
}

/** A generation now serves: the record is running, current, and no longer stale. */
export function markRunning(record: PluginRecord, generation: Generation): void {
  record.current = generation;
  record.dependsOn = generation.candidate.dependsOn;
  record.generation = generation.number;
  record.pending = undefined;
  record.state = "running";
  record.stale = false;
  record.lastError = undefined;
}

/** `root`: the plugins folder's real path, which error locations are relative to. */
export function statusOf(record: PluginRecord, root: string): PluginStatus {
  const candidate = record.current?.candidate ?? record.pending;
  return {
    name: record.name,
    dir: record.dir,
    state: record.state,
    version: record.current?.candidate.version ?? null,
    generation: record.current?.number ?? null,
    stale: record.stale,
    isolation: candidate?.isolation ?? "none",
    swap: candidate?.swap ?? "stop-first",
    reloads: record.reloads,
    lastReloadMs: record.lastReloadMs,
    refusedCalls: record.refusedCalls,
    errors: record.errors,
    lastError: record.lastError
      ? {
          phase: record.lastError.phase,
          message: record.lastError.message,
          ...failureLocation(root, record.lastError),
        }
      : null,
  };
}
