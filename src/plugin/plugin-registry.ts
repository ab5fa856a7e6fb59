import type { PathContext } from "../errors/shown-path.ts";
import type { Candidate } from "./generation-runner.ts";
import { liveHandle } from "./live-handle.ts";
import { newRecord, type PluginRecord } from "./plugin-record.ts";
import { type PluginStatus, statusOf } from "./plugin-status.ts";
import type { ProbationStatus } from "./probation.ts";

/** The host's plugin records by name, and the lookups every part of the lifecycle needs. */
export class PluginRegistry {
  readonly #records = new Map<string, PluginRecord>();
  /** One live handle per name, for as long as the host runs: callers may keep it. */
  readonly #handles = new Map<string, object>();

  get(name: string): PluginRecord | undefined {
    return this.#records.get(name);
  }

  byDir(dir: string): PluginRecord | undefined {
    for (const record of this.#records.values()) if (record.dir === dir) return record;
    return undefined;
  }

  all(): PluginRecord[] {
    return [...this.#records.values()];
  }

  status(where: PathContext, probation: (name: string) => ProbationStatus | null): PluginStatus[] {
    return this.all()
      .map((record) => statusOf(record, where, probation(record.name)))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The record of `name`, made (for `dir`) if there is none yet. */
  ensure(name: string, dir: string): PluginRecord {
    const record = this.#records.get(name) ?? newRecord(name, dir);
    this.#records.set(name, record);
    return record;
  }

  delete(name: string): void {
    this.#records.delete(name);
  }

  /** Dependencies of `candidate` that are not running now. */
  missingDeps(candidate: Pick<Candidate, "dependsOn">): string[] {
    return candidate.dependsOn.filter((dep) => !this.#records.get(dep)?.current);
  }

  /** The live handle of `name`: it reaches whichever generation serves when it is used. */
  handle(name: string): object {
    let handle = this.#handles.get(name);
    if (!handle) {
      handle = liveHandle({
        name,
        record: () => this.#records.get(name),
        refused: () => {
          const record = this.#records.get(name);
          if (record) record.refusedCalls++;
        },
      });
      this.#handles.set(name, handle);
    }
    return handle;
  }

  /** name -> live handle of each dependency: the `ctx.deps` a generation starts with. */
  depsOf(candidate: Pick<Candidate, "dependsOn">): Record<string, unknown> {
    const deps: Record<string, unknown> = {};
    for (const name of candidate.dependsOn) deps[name] = this.handle(name);
    return deps;
  }
}
