import type { ReloadPhase, SourceLocation } from "./plugin/reload-error.ts";

export type WatcherMode = "native" | "poll";
export type ReloadCause = "change" | "dependency" | "manual";
export type UnloadReason = "deleted" | "disabled" | "shutdown";

/** The `--json` event stream of DESIGN.md, by type; `time` is added when emitted. */
export interface HostEvents {
  "host:ready": { dir: string; watcher: WatcherMode | null; plugins: string[]; failed: string[] };
  "plugin:started": { plugin: string; version: string; generation: number; durationMs: number };
  "plugin:reloaded": {
    plugin: string;
    version: string;
    generation: number;
    durationMs: number;
    cause: ReloadCause;
    files: string[];
  };
  "plugin:failed": {
    plugin: string;
    phase: ReloadPhase;
    message: string;
    file?: string;
    timedOut: boolean;
    rolledBack: boolean;
    runningGeneration: number | null;
    /** In-process only (the human log's code frame); `--json` leaves it out. */
    location?: SourceLocation;
  };
  "plugin:unloaded": { plugin: string; reason: UnloadReason };
  "watcher:fallback": { from: WatcherMode; to: WatcherMode; reason: string };
  "host:stopped": { metrics: unknown };
}

export type HostEventType = keyof HostEvents;
export type HostEvent = {
  [K in HostEventType]: { type: K; time: string } & HostEvents[K];
}[HostEventType];

export type HostEventListener = (event: HostEvent) => void;
