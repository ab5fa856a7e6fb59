import { relative } from "node:path";
import type { ConsolaInstance } from "consola";
import type { HostEvent } from "../host-events.ts";
import { codeFrame } from "./code-frame.ts";

const ms = (value: number) => `${value.toFixed(1)} ms`;

/** One line per start and reload on stderr; failures say what still runs. */
export function humanReporter(logger: ConsolaInstance): (event: HostEvent) => void {
  return (event) => {
    switch (event.type) {
      case "host:ready": {
        const where = relative(process.cwd(), event.dir) || ".";
        const mode = event.watcher ? `watching ${where} (${event.watcher})` : `serving ${where}`;
        const failed = event.failed.length > 0 ? `, not running: ${event.failed.join(", ")}` : "";
        logger.ready(`hotplug ${mode}: ${event.plugins.length} running${failed}`);
        return;
      }
      case "plugin:started":
        logger.success(
          `${event.plugin} ${event.version} started (generation ${event.generation}) in ${ms(event.durationMs)}`,
        );
        return;
      case "plugin:reloaded": {
        const trigger =
          event.files.length > 0 ? ` after ${event.files.join(", ")}` : ` (${event.cause})`;
        logger.success(
          `${event.plugin} ${event.version} reloaded (generation ${event.generation}) in ${ms(event.durationMs)}${trigger}`,
        );
        return;
      }
      case "plugin:failed": {
        const frame = event.location ? codeFrame(event.location) : undefined;
        const still =
          event.runningGeneration === null
            ? "it is not running"
            : event.rolledBack
              ? `rolled back: generation ${event.runningGeneration} runs again`
              : `generation ${event.runningGeneration} keeps running (stale)`;
        const timedOut = event.timedOut ? " (timed out)" : "";
        // Messages start with the plugin's name for the JSON stream; the line already has it.
        const message = event.message.replace(`${event.plugin}: `, "");
        logger.error(
          [`${event.plugin} failed in ${event.phase}${timedOut}: ${message}`, frame, still]
            .filter(Boolean)
            .join("\n"),
        );
        return;
      }
      case "plugin:unloaded":
        if (event.reason !== "shutdown") logger.info(`${event.plugin} unloaded (${event.reason})`);
        return;
      case "watcher:fallback":
        logger.warn(`watcher: ${event.from} -> ${event.to}: ${event.reason}`);
        return;
      case "host:stopped":
        logger.info("hotplug stopped");
        return;
    }
  };
}
