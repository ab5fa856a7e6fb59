import type { ConsolaInstance } from "consola";
import type { ErrorReport } from "../errors/present-error.ts";
import { shownPath } from "../errors/shown-path.ts";
import type { SourceLocation } from "../errors/source-location.ts";
import type { HostEvent } from "../host-events.ts";

const ms = (value: number) => `${value.toFixed(1)} ms`;

const indent = (text: string) => text.replace(/^/gm, "  ");
/** Where the generation runs, said only when it is not the host's own process. */
const where = (event: { isolation: string }) =>
  event.isolation === "worker" ? ", in a worker" : "";

/**
 * Below the headline: the code frame of the place it points to, the build's other errors each
 * with its own, and the plugin's stack frames (a hook's or a timer's error).
 */
function details(report: ErrorReport | undefined, cwd: string): string[] {
  if (!report) return [];
  const at = (location: Pick<SourceLocation, "file" | "line" | "column">) =>
    `${shownPath(location.file, cwd)}:${location.line}:${location.column}`;
  const lines = report.frame ? [indent(report.frame)] : [];
  for (const problem of report.errors.slice(1)) {
    lines.push(`  ${at(problem.location)}: ${problem.message}`);
    if (problem.frame) lines.push(indent(problem.frame));
  }
  if (report.more > 0) lines.push(`  and ${report.more} more`);
  for (const frame of report.stack) {
    lines.push(`      at ${frame.fn ? `${frame.fn} (${at(frame)})` : at(frame)}`);
  }
  return lines;
}

/**
 * One line per start and reload on stderr; failures say what still runs. Paths are shown
 * relative to `cwd` when inside it (shownPath), like the messages' own.
 */
export function humanReporter(
  logger: ConsolaInstance,
  cwd = process.cwd(),
): (event: HostEvent) => void {
  return (event) => {
    switch (event.type) {
      case "host:ready": {
        const where = event.dir === cwd ? "." : shownPath(event.dir, cwd);
        const mode = event.watcher ? `watching ${where} (${event.watcher})` : `serving ${where}`;
        const failed = event.failed.length > 0 ? `, not running: ${event.failed.join(", ")}` : "";
        logger.ready(`hotplug ${mode}: ${event.plugins.length} running${failed}`);
        return;
      }
      case "plugin:started":
        logger.success(
          `${event.plugin} ${event.version} started (generation ${event.generation}${where(event)}) in ${ms(event.durationMs)}`,
        );
        return;
      case "plugin:reloaded": {
        const trigger =
          event.files.length > 0 ? ` after ${event.files.join(", ")}` : ` (${event.cause})`;
        const swap = event.swap === "overlap" ? ", overlap" : "";
        logger.success(
          `${event.plugin} ${event.version} reloaded (generation ${event.generation}${where(event)}${swap}) in ${ms(event.durationMs)}${trigger}`,
        );
        return;
      }
      case "plugin:failed": {
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
          [
            `${event.plugin} failed in ${event.phase}${timedOut}: ${message}`,
            ...details(event.report, cwd),
            still,
          ].join("\n"),
        );
        return;
      }
      case "plugin:warning": {
        const frame = event.frame ? `\n${indent(event.frame)}` : "";
        logger.warn(`${event.message}${frame}`);
        return;
      }
      case "plugin:unloaded":
        if (event.reason !== "shutdown") logger.info(`${event.plugin} unloaded (${event.reason})`);
        return;
      case "watcher:fallback":
        logger.warn(`watcher: ${event.from} -> ${event.to}: ${event.reason}`);
        return;
      case "host:synced": {
        const list = (what: string, names: string[]) =>
          names.length > 0 ? [`${what} ${names.join(", ")}`] : [];
        const parts = [
          ...list("reloaded", event.reloaded),
          ...list("started", event.started),
          ...list("unloaded", event.unloaded),
          ...list("failed", event.failed),
          `${event.unchanged} unchanged`,
        ];
        logger.info(`synced with the disk: ${parts.join("; ")}`);
        return;
      }
      case "host:stopped":
        logger.info("hotplug stopped");
        return;
    }
  };
}
