import process from "node:process";
import { undoAll } from "../runtime/replace-property.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { patchEmitter, patchEventTarget } from "./emitter-patches.ts";
import { LiveRecords, type RecordType } from "./live-records.ts";
import { patchTimers } from "./timer-patches.ts";

// The globals are one per realm (a process, a worker), so their patches are too: the first
// recorder to install puts them on, the last to leave takes them off. Several hosts in one
// process (tests do that) share the one set of records, each reading it for its own plugins.
let shared: { records: LiveRecords; users: number; undo: () => void } | undefined;

const SERVER: RecordType = {
  kind: "server",
  close(record) {
    (record.detail as { close(): void }).close();
  },
  alive: (record) => (record.detail as { isOpen(): boolean }).isOpen(),
  what: (record) => (record.detail as { address(): string }).address(),
};

/** Puts the patches on if no recorder has yet; every call needs its own `releaseRecords`. */
export function acquireRecords(runtime: Pick<Runtime, "watchServers">): LiveRecords {
  if (shared) {
    shared.users++;
    return shared.records;
  }
  const records = new LiveRecords();
  const undos = [patchTimers(records), patchEmitter(records, process)];
  const global = globalThis as Partial<EventTarget>;
  if (typeof global.addEventListener === "function") {
    undos.push(patchEventTarget(records, globalThis as unknown as EventTarget));
  }
  undos.push(
    runtime.watchServers({
      opened(server) {
        const record = records.add(SERVER, undefined, server);
        return () => records.forget(record);
      },
    }),
  );
  shared = { records, users: 1, undo: undoAll(undos) };
  return records;
}

/** The other half of `acquireRecords`: the last release takes the patches off. */
export function releaseRecords(records: LiveRecords): void {
  if (shared?.records !== records) return;
  if (--shared.users > 0) return;
  shared.undo();
  shared = undefined;
}
