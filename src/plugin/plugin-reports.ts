import type { ConsolaInstance } from "consola";
import { messageOf } from "../errors/hotplug-error.ts";
import { asReloadError } from "../errors/reload-error.ts";
import type { PathContext } from "../errors/shown-path.ts";
import type { EventBus } from "../event-bus.ts";
import type { HostEvents } from "../host-events.ts";
import { type LeftoverReport, leftoverWarnings } from "../leftovers/leftover-report.ts";
import { failureEvent, recordFailure } from "./failure-event.ts";
import type { PluginListeners } from "./plugin-listeners.ts";
import type { PluginRecord } from "./plugin-record.ts";
import type { PluginRegistry } from "./plugin-registry.ts";

/** How many warnings a plugin's status keeps. */
const MAX_WARNINGS = 10;

export interface PluginReportsOptions {
  readonly records: PluginRegistry;
  readonly bus: EventBus;
  readonly logger: ConsolaInstance;
  readonly listeners: PluginListeners;
  /** What paths are relative to now (the plugins folder moves with a swapped symlink). */
  readonly where: () => PathContext;
}

/**
 * What is said about a plugin: its failures (the record, the event, its listener's 503s),
 * its warnings (the event and the last few in its status) and its own log.
 */
export class PluginReports {
  readonly #options: PluginReportsOptions;
  /** Each plugin's tagged logger, made once: consola builds a whole instance per withTag. */
  readonly #logs = new Map<string, ConsolaInstance>();

  constructor(options: PluginReportsOptions) {
    this.#options = options;
  }

  /** The record failed with `thrown`: recorded on it, and announced. */
  fail(record: PluginRecord, thrown: unknown): void {
    const error = recordFailure(this.#options.where(), record, thrown);
    // Nothing serves and nothing is about to (a stop-first swap holds its requests meanwhile).
    if (record.state === "failed" || record.state === "waiting") {
      this.#options.listeners.unavailable(record);
    }
    this.report(record.name, record.current?.number, error);
  }

  /** A failure that belongs to no record of its own (a duplicate of another plugin's name). */
  report(plugin: string, runningGeneration: number | undefined, error: unknown): void {
    this.#options.bus.emit(
      "plugin:failed",
      failureEvent(this.#options.where(), plugin, runningGeneration, asReloadError(plugin, error)),
    );
  }

  /** A problem that fails nothing, for the log only. */
  warn(record: PluginRecord, message: string, error: unknown): void {
    this.log(record.name).warn(`${message}: ${messageOf(error)}`);
  }

  /** A report that changes nothing: an event, and the plugin's status keeps the last few. */
  warning(plugin: string, warning: HostEvents["plugin:warning"]): void {
    const record = this.#options.records.get(plugin);
    if (record) record.warnings = [...record.warnings, warning].slice(-MAX_WARNINGS);
    this.#options.bus.emit("plugin:warning", warning);
  }

  /** What a generation left running, as warnings: one per kind, with its creating line. */
  leftovers(report: LeftoverReport): void {
    leftoverWarnings(report, this.#options.where()).forEach((warning, i) => {
      const group = report.groups[i] as LeftoverReport["groups"][number];
      this.warning(report.plugin, {
        ...warning,
        leftovers: { kind: group.kind, count: group.count },
      });
    });
  }

  /** The plugin's logger, tagged with its name. */
  log(name: string): ConsolaInstance {
    let log = this.#logs.get(name);
    if (!log) {
      log = this.#options.logger.withTag(name);
      this.#logs.set(name, log);
    }
    return log;
  }
}
