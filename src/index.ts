export { HotplugError } from "./errors/hotplug-error.ts";
export { ReloadError, type ReloadPhase } from "./errors/reload-error.ts";
export type {
  HostEvent,
  HostEventListener,
  HostEvents,
  HostEventType,
  ReloadCause,
  UnloadReason,
  WatcherMode,
} from "./host-events.ts";
export { createLogger } from "./logger.ts";
export type { Manifest } from "./plugin/manifest/manifest-schema.ts";
export type { HealthResult, Plugin, PluginContext } from "./plugin/plugin.ts";
export { PluginState } from "./plugin/plugin.ts";
export type { PluginStatus } from "./plugin/plugin-status.ts";
export { PluginUnavailableError } from "./plugin/plugin-unavailable-error.ts";
export type { StandardSchemaV1 } from "./plugin/standard-schema.ts";
export type { WhenRunningOptions } from "./plugin/when-running.ts";
export type { HotReloadMetrics } from "./reload/hot-reload-metrics.ts";
export type { HotReloadOptions } from "./reload/hot-reload-options.ts";
export {
  type HotReloadInit,
  HotReloadSystem,
  type SyncSummary,
} from "./reload/hot-reload-system.ts";
export { createFileWatcher } from "./watch/create-watcher.ts";
export type { FileEvent, FileEventType } from "./watch/file-event.ts";
export { isPluginFile } from "./watch/file-event.ts";
export type { FileWatcher, WatchOptions } from "./watch/file-watcher.ts";
