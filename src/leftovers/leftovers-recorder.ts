import type { Runtime } from "../runtime/runtime.ts";
import { groupLeftovers, type LeftoverPlace, type LeftoverReport } from "./leftover-report.ts";
import type { LeftoverKind, LiveRecord, LiveRecords } from "./live-records.ts";
import { type GenerationEntry, PluginLedger } from "./plugin-ledger.ts";
import { acquireRecords, releaseRecords } from "./realm-patches.ts";

/** `--leftovers`: report then clear, only report, or record nothing. */
export type LeftoversMode = "clear" | "warn" | "off";

export interface LeftoversOptions {
  readonly mode: LeftoversMode;
  /** Patches the runtime's servers, and reads stack locations (a worker passes its own). */
  readonly runtime: Pick<Runtime, "watchServers" | "sourcePath">;
}

/** One generation, from its setup to the report of what it left. */
export interface RecordedGeneration {
  readonly plugin: string;
  readonly generation: number;
  /**
   * Runs a hook of this generation (setup, start, stop, snapshot, health) so that what it
   * creates, and what its callbacks create later, is known to be this generation's.
   */
  run<T>(fn: () => T): T;
  /**
   * Once its stop() has returned: what it left running, each with its creating line; in
   * `clear` mode these are then cleared, removed or closed. Ends the generation.
   */
  end(): LeftoverReport;
}

/**
 * Records the timers, `process` and global listeners and servers that plugins' modules create,
 * and tells, when a generation has stopped, what it left. The stack of each creation is kept
 * unread: it is read (once) only when a report looks at a record still alive.
 */
export class LeftoversRecorder {
  readonly mode: LeftoversMode;
  readonly #runtime: LeftoversOptions["runtime"];
  readonly #ledger: PluginLedger;
  #records: LiveRecords | undefined;
  #disposed = false;

  constructor({ mode, runtime }: LeftoversOptions) {
    this.mode = mode;
    this.#runtime = runtime;
    this.#ledger = new PluginLedger(runtime.sourcePath);
  }

  /** Starts recording (for the whole process or worker: several recorders share the patches). */
  install(): void {
    if (this.#disposed)
      throw new TypeError("Cannot install the leftovers recorder: it is disposed");
    if (this.mode === "off" || this.#records) return;
    this.#records = acquireRecords(this.#runtime);
  }

  /** How many live things are recorded in this realm now, by every recorder's patches. */
  get live(): number {
    return this.#records?.size ?? 0;
  }

  /**
   * Generation `generation` of `plugin`, whose import graph is `files` (absolute paths), is
   * about to be set up. Call `end()` on the result once its stop() has returned.
   */
  begin(plugin: string, generation: number, files: readonly string[]): RecordedGeneration {
    if (this.#disposed) {
      throw new TypeError(
        `Cannot record ${plugin} generation ${generation}: the recorder is disposed`,
      );
    }
    const records = this.#records;
    if (!records) {
      if (this.mode !== "off") {
        throw new TypeError(`Cannot record ${plugin} generation ${generation}: install() first`);
      }
      return {
        plugin,
        generation,
        run: (fn) => fn(),
        end: () => ({ plugin, generation, mode: "warn", groups: [] }),
      };
    }
    const entry = this.#ledger.add({
      plugin,
      generation,
      files: new Set(files),
      begun: records.mark(),
      ended: undefined,
    });
    return {
      plugin,
      generation,
      run: (fn) => records.run(entry, fn),
      end: () => this.#end(records, entry),
    };
  }

  /** Stops recording; what is recorded is forgotten, and nothing recorded is cleared. */
  dispose(): void {
    if (this.#records) releaseRecords(this.#records);
    this.#records = undefined;
    this.#disposed = true;
  }

  #end(records: LiveRecords, entry: GenerationEntry): LeftoverReport {
    if (entry.ended !== undefined) {
      throw new TypeError(`Cannot end ${entry.plugin} generation ${entry.generation} twice`);
    }
    entry.ended = records.mark();
    const left: LiveRecord[] = [];
    const items: { kind: LeftoverKind; place: Omit<LeftoverPlace, "count"> }[] = [];
    for (const record of [...records.values()]) {
      const owner = this.#ledger.ownerOf(record);
      if (owner.entry !== entry || owner.reported) continue;
      if (!record.type.alive(record)) {
        records.forget(record);
        continue;
      }
      const what = record.type.what(record);
      const place = owner.place;
      left.push(record);
      items.push({
        kind: record.type.kind,
        place: {
          ...(place ? { file: place.file, line: place.line, column: place.column } : {}),
          ...(what === undefined ? {} : { what }),
        },
      });
    }
    const mode = this.mode === "clear" ? "clear" : "warn";
    for (const record of left) {
      if (mode === "warn") this.#ledger.markReported(record);
      else {
        try {
          record.type.close(record);
        } catch {
          // Already named in the report; one that will not close must not keep the rest running.
          records.forget(record);
        }
      }
    }
    return {
      plugin: entry.plugin,
      generation: entry.generation,
      mode,
      groups: groupLeftovers(items),
    };
  }
}
