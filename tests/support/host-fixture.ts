import { afterEach, beforeEach } from "bun:test";
import { dirname } from "node:path";
import type { Isolation } from "../../src/host-events.ts";
import { createLogger } from "../../src/logger.ts";
import { type HotReloadInit, HotReloadSystem } from "../../src/reload/hot-reload-system.ts";
import { EventLog } from "./event-log.ts";
import { PluginsDir } from "./plugin-fixture.ts";

/** Where generations run: the lifecycle suites run once per isolation, like chokidar per backend. */
export const ISOLATIONS = ["none", "worker"] as const satisfies readonly Isolation[];

/**
 * Per-test plugins folder, event log and host, shut down and removed after each test.
 * Call inside a describe() or at the top of a test file. `isolation` is the host's default.
 */
export function useHost(isolation: Isolation = "none") {
  const fixture = {
    dir: undefined as unknown as PluginsDir,
    log: undefined as unknown as EventLog,
    system: undefined as HotReloadSystem | undefined,
    async host(options: Partial<HotReloadInit> = {}, watch = true): Promise<HotReloadSystem> {
      const system = new HotReloadSystem({
        dir: fixture.dir.root,
        // Messages show paths relative to the working directory: the project around plugins/.
        cwd: dirname(fixture.dir.root),
        debounceInterval: 20,
        timeout: 2000,
        logger: createLogger("silent"),
        isolation,
        ...options,
      });
      fixture.system = system;
      system.on(fixture.log.listener);
      await (watch ? system.startWatching() : system.start());
      return system;
    },
    /** Calls `method` on a plugin's running API (across a worker boundary: awaited). */
    async call(name: string, method = "hello"): Promise<unknown> {
      const api = fixture.system?.api(name) as Record<string, () => unknown> | undefined;
      return await api?.[method]?.();
    },
  };
  beforeEach(async () => {
    fixture.dir = await PluginsDir.create();
    fixture.log = new EventLog();
  });
  afterEach(async () => {
    await fixture.system?.shutdown();
    fixture.system = undefined;
    await fixture.dir.dispose();
  });
  return fixture;
}
