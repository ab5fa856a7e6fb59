import type { ErrorReport } from "./errors/present-error.ts";
import type { ReloadPhase } from "./errors/reload-error.ts";

export type WatcherMode = "native" | "poll";
export type ReloadCause = "change" | "dependency" | "manual";
export type UnloadReason = "deleted" | "disabled" | "shutdown";
/** Where a plugin's generations run: in the host's own process, or each in its own Worker. */
export type Isolation = "none" | "worker";
/** What a `plugin:warning` reports. */
export type WarningKind = "typecheck" | "leftovers";
/** How a reload hands over: stop the old generation first, or start the new one beside it. */
export type SwapMode = "stop-first" | "overlap";

/** The `--json` event stream of DESIGN.md, by type; `time` is added when emitted. */
export interface HostEvents {
  "host:ready": { dir: string; watcher: WatcherMode | null; plugins: string[]; failed: string[] };
  "plugin:started": {
    plugin: string;
    version: string;
    generation: number;
    durationMs: number;
    isolation: Isolation;
  };
  "plugin:reloaded": {
    plugin: string;
    version: string;
    generation: number;
    durationMs: number;
    isolation: Isolation;
    swap: SwapMode;
    /** How long calls through its handle were refused: stop-first's window; 0 for overlap. */
    unavailableMs: number;
    cause: ReloadCause;
    /** Relative to host:ready's `dir`, with `/` separators. */
    files: string[];
  };
  "plugin:failed": {
    plugin: string;
    phase: ReloadPhase;
    message: string;
    /** The topmost location, relative to host:ready's `dir`, with `/` separators. */
    file?: string;
    line?: number;
    column?: number;
    /** The code frame of that location, as the human log shows it. */
    frame?: string;
    timedOut: boolean;
    rolledBack: boolean;
    runningGeneration: number | null;
    /**
     * In-process only, with absolute paths: every build error, the plugin's stack frames, for
     * the human log. `--json` leaves it out (see wireEvent).
     */
    report?: ErrorReport;
  };
  "plugin:unloaded": { plugin: string; reason: UnloadReason };
  /** A report that changes nothing: a type error in warn mode, what a generation left running. */
  "plugin:warning": {
    plugin: string;
    kind: WarningKind;
    message: string;
    /** Relative to host:ready's `dir`, with `/` separators. */
    file?: string;
    line?: number;
    column?: number;
    frame?: string;
    /** For `leftovers`: what kind of thing was left, and how many (for the metrics). */
    leftovers?: { kind: string; count: number };
  };
  "watcher:fallback": { from: WatcherMode; to: WatcherMode; reason: string };
  /** After a re-sync with the disk (SIGHUP, or the plugins folder's symlink moved). */
  "host:synced": {
    reloaded: string[];
    started: string[];
    unloaded: string[];
    failed: string[];
    unchanged: number;
  };
  "host:stopped": { metrics: unknown };
}

export type HostEventType = keyof HostEvents;
export type HostEvent = {
  [K in HostEventType]: { type: K; time: string } & HostEvents[K];
}[HostEventType];

export type HostEventListener = (event: HostEvent) => void;
