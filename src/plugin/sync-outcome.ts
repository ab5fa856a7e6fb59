import type { ReloadCause } from "../host-events.ts";

/** What brought a plugin folder in line with the disk. */
export interface SyncRequest {
  readonly cause: ReloadCause;
  /** The changed files that asked for it (named in `plugin:reloaded`). */
  readonly files: readonly string[];
  /** Reload even when the bytes on disk are what runs (`r`, `reload(name)`). */
  readonly force: boolean;
}

export type SyncOutcome =
  | { readonly kind: "none" }
  | {
      readonly kind: "started" | "reloaded" | "unchanged" | "failed" | "settling" | "unloaded";
      readonly name: string;
    };
