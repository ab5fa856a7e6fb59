import type { ReloadError } from "../errors/reload-error.ts";
import type { HostEvents } from "../host-events.ts";
import type { PluginListener } from "../serve/plugin-listener.ts";
import type { Candidate, Generation } from "./generation-runner.ts";
import type { PluginState } from "./plugin.ts";
import { transition } from "./plugin-state.ts";
import type { SourceState } from "./source-state.ts";

/** What the host knows of one plugin folder, across its generations. */
export interface PluginRecord {
  name: string;
  /** The plugin's folder as found in the plugins folder (a symlink stays unresolved). */
  dir: string;
  /** Written only by the state machine (plugin-state.ts). */
  readonly state: PluginState;
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
  /** The last reports that changed nothing (leftovers, warn-mode type errors), newest last. */
  warnings: HostEvents["plugin:warning"][];
  /** For a plugin with `listen`: the listener the host keeps for it across generations. */
  listener: PluginListener | undefined;
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
    listener: undefined,
    warnings: [],
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
  transition(record, "serve");
  record.stale = false;
  record.lastError = undefined;
}
