import { shownPath } from "../errors/shown-path.ts";
import type { EventBus } from "../event-bus.ts";
import type { PluginNameError } from "../plugin/discover-plugins.ts";
import { PluginListeners } from "../plugin/plugin-listeners.ts";
import { PluginManager } from "../plugin/plugin-manager.ts";
import { createRunners } from "../runner/create-runners.ts";
import { HostTypecheck } from "../typecheck/host-typecheck.ts";
import { TypeChecker } from "../typecheck/type-checker.ts";
import type { HotReloadOptions } from "./hot-reload-options.ts";

/** Where the manager's news goes that the host acts on. */
export interface HostManagerHandlers {
  /**
   * A running generation failed outside any hook (a crash, a worker's exit, a failed
   * probation): handled in its plugin's turn.
   */
  readonly failed: (name: string, error: Error) => void;
  /** A folder in the plugins folder cannot be loaded: its name is not valid UTF-8. */
  readonly unreadable: (error: PluginNameError) => void;
}

/**
 * The plugin manager as the host's options make it: its runners (where generations run, what
 * they leave recorded), the listeners of the plugins that serve, and where failures go.
 */
export function hostManager(
  options: Readonly<HotReloadOptions>,
  bus: EventBus,
  realDir: string,
  handlers: HostManagerHandlers,
): PluginManager {
  const { logger, clock, timeout } = options;
  const runners = createRunners(options.runtime, options.leftovers);
  // The manager's realDir follows a swapped symlink; the checker starts where it is then.
  let manager: PluginManager | undefined;
  const typecheck = new HostTypecheck({
    mode: options.typecheck,
    root: () => manager?.realDir ?? realDir,
    cwd: options.cwd,
    runtime: options.runtime,
    timeoutMs: timeout,
    clock,
    start: async (checker) => {
      const began = clock.now();
      const started = await TypeChecker.start(checker);
      const took = (clock.now() - began).toFixed(0);
      const against = shownPath(started.config.file, options.cwd);
      const config = started.config.defaults ? `hotplug's defaults (no ${against})` : against;
      const own = started.typescript === "hotplug's own";
      const compiler = own ? "hotplug's TypeScript" : shownPath(started.typescript, options.cwd);
      logger.info(`type checker ready in ${took} ms: ${compiler} against ${config}`);
      return started;
    },
  });
  manager = new PluginManager(
    {
      dir: options.dir,
      runners: options.wrapRunners?.(runners) ?? runners,
      isolation: options.isolation,
      timeoutMs: timeout,
      cwd: options.cwd,
      logger,
      bus,
      onCrash: handlers.failed,
      onProbationFailure: handlers.failed,
      probationMs: options.probation,
      clock,
      onUnreadable: handlers.unreadable,
      typecheck,
      listeners: new PluginListeners({
        serve: (serve) => options.runtime.serve(serve),
        timeoutMs: timeout,
        clock,
        onError: (plugin, error) =>
          logger.withTag(plugin).error("a request failed (answered 500):", error),
        onListening: (plugin, address) => logger.info(`${plugin} listens on ${address}`),
      }),
    },
    realDir,
  );
  return manager;
}
