import { createInterface, type Interface } from "node:readline";
import { createLogger } from "../logger.ts";
import { startMetricsServer } from "../metrics/metrics-server.ts";
import { HotReloadSystem } from "../reload/hot-reload-system.ts";
import type { CliIo } from "./cli-io.ts";
import type { HostFlagValues } from "./host-args.ts";
import { humanReporter } from "./human-reporter.ts";
import { jsonReporter } from "./json-reporter.ts";
import { requirePluginsDir } from "./require-plugins-dir.ts";

/**
 * `dev` (watch and reload) and `run` (start and serve): runs the host until SIGINT, SIGTERM or
 * `q`, then stops plugins in reverse dependency order. Resolves to the exit code.
 */
export async function serveHost(flags: HostFlagValues, watch: boolean, io: CliIo): Promise<number> {
  await requirePluginsDir(flags.dir, watch ? "dev" : "run");
  const logger = createLogger(flags.logLevel);
  const system = new HotReloadSystem({ ...flags, logger });
  system.on(humanReporter(logger, system.options.cwd));
  if (flags.json) system.on(jsonReporter(io.stdout));
  // A plugin's timer or promise must not take the host down: its plugin alone is marked failed.
  io.onUncaught((error) => {
    if (!system.handleUncaught(error)) {
      logger.error("uncaught error outside any plugin; the host keeps running:", error);
    }
  });

  // SIGHUP re-syncs with the disk (a deploy that signals instead of relying on file events,
  // and `run`, which does not watch). One while plugins start waits for them (system.sync()).
  io.onHangup(() => {
    logger.info("SIGHUP: reading the plugins folder again");
    system.sync().catch((error) => logger.error("SIGHUP: the re-sync failed:", error));
  });

  let keys: Interface | undefined;
  const stopRequested = new Promise<string>((resolve) => {
    io.onSignals((signal, count) => {
      if (count > 1) io.exit(130); // a second press of Ctrl-C: the user wants out now
      resolve(signal);
    });
    if (watch && io.stdin?.isTTY) {
      keys = createInterface({ input: io.stdin });
      keys.on("line", (line) => {
        const key = line.trim();
        if (key === "r") void system.reloadAll();
        if (key === "q") resolve("q");
      });
      logger.info("press r + enter to reload everything, q + enter to quit");
    }
  });

  try {
    await (watch ? system.startWatching() : system.start());
    if (!watch && system.status().some((plugin) => plugin.state !== "running")) {
      await system.shutdown();
      return 1;
    }
    const server =
      flags.metricsPort === undefined
        ? undefined
        : await startMetricsServer(flags.metricsPort, {
            metrics: () => system.getMetrics(),
            subscribe: (listener) => system.on(listener),
          });
    if (server) {
      const url = `http://127.0.0.1:${server.port}`;
      logger.info(`dashboard on ${url}/ (events on ${url}/events)`);
      logger.info(`metrics on ${url}/metrics and /status; probes on /healthz and /readyz`);
    }
    const signal = await stopRequested;
    logger.info(`stopping (${signal})`);
    await server?.close();
    await system.shutdown();
    return 0;
  } finally {
    keys?.close();
  }
}
