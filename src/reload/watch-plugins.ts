import type { PluginManager } from "../plugin/plugin-manager.ts";
import { createFileWatcher } from "../watch/create-watcher.ts";
import type { FileEvent } from "../watch/file-event.ts";
import type { FallbackInfo, FileWatcher } from "../watch/file-watcher.ts";
import type { WatchError } from "../watch/watch-error.ts";
import type { HotReloadOptions } from "./hot-reload-options.ts";

export interface PluginsWatchHandlers {
  onEvent(event: FileEvent): void;
  onFallback(info: FallbackInfo): void;
  /** A name under the plugins folder that is not valid UTF-8 (once per name). */
  onName(error: WatchError): void;
  /** The plugins folder's symlink moved (a release deployed): re-sync every plugin. */
  onRootChange(): void;
}

/**
 * The files the plugins are made of, as one kept set (what WatchOptions.hotPaths asks for):
 * rebuilt only when a record's files are replaced, as every load and reload does, not on every
 * poll; a file two plugins share is one path.
 */
function pluginFiles(manager: PluginManager): () => ReadonlySet<string> {
  let lists: (readonly string[])[] = [];
  let paths = new Set<string>();
  return () => {
    const records = manager.records();
    const same = records.length === lists.length && records.every((r, i) => r.files === lists[i]);
    if (!same) {
      lists = records.map((record) => record.files);
      paths = new Set(lists.flat());
    }
    return paths;
  };
}

/** The host's watcher on the plugins folder, as the options and the plugins ask. */
export function watchPlugins(
  options: Readonly<HotReloadOptions>,
  manager: PluginManager,
  handlers: PluginsWatchHandlers,
): FileWatcher {
  const { logger } = options;
  return createFileWatcher({
    root: options.dir,
    include: options.filePatterns,
    exclude: options.excludePatterns,
    pollInterval: options.pollInterval,
    forcePoll: options.poll,
    onEvent: handlers.onEvent,
    onFallback: handlers.onFallback,
    onError: (error) => logger.warn(`watcher: ${error.message}`),
    onUndecodable: handlers.onName,
    onRootChange: handlers.onRootChange,
    onProgress: (progress) => logger.info(`watcher: ${progress.message}`),
    // Polled every interval, whatever the size of the tree.
    hotPaths: pluginFiles(manager),
  });
}
