import { replaceFunction, undoAll } from "../runtime/replace-property.ts";
import type { LeftoverKind, LiveRecord, LiveRecords, RecordType } from "./live-records.ts";

type Handler = (this: unknown, ...args: unknown[]) => unknown;
type SetTimer = (handler: unknown, ...rest: unknown[]) => unknown;
type ClearTimer = (handle: unknown) => void;

interface TimerPair {
  readonly set: "setTimeout" | "setInterval" | "setImmediate";
  readonly clear: "clearTimeout" | "clearInterval" | "clearImmediate";
  readonly kind: LeftoverKind;
  /** A one-shot timer is forgotten when it fires; an interval only when cleared. */
  readonly once: boolean;
}

const PAIRS: readonly TimerPair[] = [
  { set: "setTimeout", clear: "clearTimeout", kind: "timeout", once: true },
  { set: "setInterval", clear: "clearInterval", kind: "interval", once: false },
  { set: "setImmediate", clear: "clearImmediate", kind: "immediate", once: true },
];

const isTimer = (record: LiveRecord) =>
  record.type.kind === "timeout" ||
  record.type.kind === "interval" ||
  record.type.kind === "immediate";

/**
 * Records every timer made through the globals (setTimeout, setInterval, setImmediate) and
 * forgets it when it fires (one-shots) or is cleared. Bun and Node hand out objects that also
 * convert to a number, and accept the number to clear; Deno hands out numbers.
 */
export function patchTimers(records: LiveRecords): () => void {
  const global = globalThis as unknown as Record<string, SetTimer | ClearTimer | undefined>;
  let objectHandles = false;
  // clearTimeout(+timer) on Bun or Node: the record is under the object, found by its number.
  const forget = (handle: unknown) => {
    if (records.delete(handle) || !objectHandles || typeof handle !== "number") return;
    for (const record of records.values()) {
      if (isTimer(record) && Number(record.key) === handle) {
        records.forget(record);
        return;
      }
    }
  };
  const undos: (() => void)[] = [];
  for (const pair of PAIRS) {
    const set = global[pair.set] as SetTimer | undefined;
    const clear = global[pair.clear] as ClearTimer | undefined;
    if (!set || !clear) continue; // Deno has no setImmediate
    const type: RecordType = {
      kind: pair.kind,
      close(record) {
        clear(record.key);
        records.forget(record);
      },
      alive: (record) => (record.key as { _destroyed?: boolean } | null)?._destroyed !== true,
      what: () => undefined,
    };
    // Every timer of the process goes through these: no spread, no rest array, when a timer
    // has no arguments for its handler (nearly all), and the stack is captured, not read.
    const patched = pair.once
      ? function (this: unknown, handler: unknown, delay?: unknown, ...args: unknown[]) {
          if (typeof handler !== "function") return set.call(this, handler, delay, ...args);
          const fire =
            args.length === 0
              ? function (this: unknown) {
                  records.delete(handle);
                  return (handler as Handler).call(this);
                }
              : function (this: unknown) {
                  records.delete(handle);
                  return (handler as Handler).apply(this, args);
                };
          const handle = set(fire, delay);
          objectHandles ||= typeof handle === "object";
          records.add(type, handle);
          return handle;
        }
      : function (this: unknown, handler: unknown, delay?: unknown, ...args: unknown[]) {
          const handle = args.length === 0 ? set(handler, delay) : set(handler, delay, ...args);
          if (typeof handler !== "function") return handle;
          objectHandles ||= typeof handle === "object";
          records.add(type, handle);
          return handle;
        };
    undos.push(
      replaceFunction(global, pair.set, patched),
      replaceFunction(global, pair.clear, function (this: unknown, handle: unknown) {
        forget(handle);
        return clear.call(this, handle);
      }),
    );
  }
  return undoAll(undos);
}
