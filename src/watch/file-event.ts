import { basename } from "node:path";

export const FileEventType = {
  created: "created",
  modified: "modified",
  deleted: "deleted",
  renamed: "renamed",
} as const;
export type FileEventType = (typeof FileEventType)[keyof typeof FileEventType];

export interface FileEvent {
  type: FileEventType;
  /** Absolute path. */
  path: string;
  /** `Date.now()` when the watcher noticed the change. */
  time: number;
  /** The previous absolute path, for `renamed` only. */
  oldPath?: string;
  /** When the file last changed by its own timestamps (epoch ms); absent for `deleted`. */
  changedAt?: number;
}

/**
 * The seed's IsPluginFile looked at any `.json`; a plugin's manifest is always `plugin.json`,
 * so package.json or tsconfig.json edits must not count as manifest changes.
 */
export function isPluginFile(event: FileEvent): boolean {
  return basename(event.path) === "plugin.json";
}
