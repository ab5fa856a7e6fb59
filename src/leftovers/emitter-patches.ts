import type { EventEmitter } from "node:events";
import { replaceFunction, undoAll } from "../runtime/replace-property.ts";
import type { LiveRecord, LiveRecords, RecordType } from "./live-records.ts";

type Listener = (...args: unknown[]) => unknown;
type Method = (this: unknown, ...args: unknown[]) => unknown;

const ADD = ["on", "addListener", "prependListener", "once", "prependOnceListener"] as const;
const REMOVE = ["off", "removeListener", "removeAllListeners"] as const;

interface EmitterListener {
  readonly event: string | symbol;
  readonly listener: Listener;
}

const eventName = (event: unknown) =>
  typeof event === "symbol" ? event.toString() : JSON.stringify(event);

/**
 * Records the listeners added to `emitter` (the `process` object), by each way of adding one.
 * Removal has more ways than can be patched (a `once` that fires, Node's internal wrappers),
 * so after any change to an event the records are checked against `rawListeners`: what the
 * emitter no longer holds is forgotten, and records never outnumber the real listeners.
 */
export function patchEmitter(records: LiveRecords, emitter: EventEmitter): () => void {
  const methods = emitter as unknown as Record<string, Method>;
  const native = new Map<string, Method>(
    [...ADD, ...REMOVE].map((name) => [name, methods[name] as Method]),
  );
  const rawListeners = emitter.rawListeners;
  const removeListener = emitter.removeListener;
  const byEvent = new Map<string | symbol, LiveRecord[]>();
  const reconcile = (event: string | symbol) => {
    const list = byEvent.get(event);
    if (!list) return;
    const held = new Map<unknown, number>();
    for (const raw of rawListeners.call(emitter, event) as { listener?: unknown }[]) {
      const fn = raw.listener ?? raw;
      held.set(fn, (held.get(fn) ?? 0) + 1);
    }
    for (let i = list.length - 1; i >= 0; i--) {
      const record = list[i] as LiveRecord;
      const fn = (record.detail as EmitterListener).listener;
      const count = held.get(fn) ?? 0;
      if (count > 0) held.set(fn, count - 1);
      else {
        records.forget(record);
        list.splice(i, 1);
      }
    }
    if (list.length === 0) byEvent.delete(event);
  };
  const type: RecordType = {
    kind: "process-listener",
    close(record) {
      const { event, listener } = record.detail as EmitterListener;
      const list = byEvent.get(event) ?? [];
      const at = list.indexOf(record);
      if (at >= 0) list.splice(at, 1);
      records.forget(record);
      removeListener.call(emitter, event, listener);
      reconcile(event);
    },
    alive(record) {
      reconcile((record.detail as EmitterListener).event);
      return records.get(record) === record;
    },
    what: (record) => eventName((record.detail as EmitterListener).event),
  };
  // Node's once() adds through this.on(): only the outermost call records.
  let depth = 0;
  const call = (name: string, self: unknown, args: unknown[]) => {
    depth++;
    try {
      return (native.get(name) as Method).apply(self, args);
    } finally {
      depth--;
    }
  };
  const undos = ADD.map((name) =>
    replaceFunction(emitter, name, function (this: unknown, ...args: unknown[]) {
      const outer = depth === 0 && this === emitter;
      const result = call(name, this, args);
      const [event, listener] = args as [string | symbol, unknown];
      if (outer && typeof listener === "function") {
        reconcile(event);
        const record = records.add(type, undefined, { event, listener });
        byEvent.set(event, [...(byEvent.get(event) ?? []), record]);
      }
      return result;
    } as never),
  );
  for (const name of REMOVE) {
    undos.push(
      replaceFunction(emitter, name, function (this: unknown, ...args: unknown[]) {
        const result = call(name, this, args);
        if (depth === 0) {
          const events = args.length > 0 ? [args[0] as string | symbol] : [...byEvent.keys()];
          for (const event of events) reconcile(event);
        }
        return result;
      } as never),
    );
  }
  return undoAll(undos);
}

type EventCallback = ((event: Event) => unknown) | { handleEvent(event: Event): unknown };

interface TargetListener {
  readonly type: string;
  readonly listener: EventCallback;
  readonly capture: boolean;
  /** What was really added: a stand-in for a `once` listener, which forgets it as it fires. */
  readonly added: EventCallback;
}

const captureOf = (options: unknown) =>
  typeof options === "boolean" ? options : Boolean((options as AddEventListenerOptions)?.capture);

/**
 * Records the listeners added to an EventTarget (the global scope of Bun and Deno, a worker's
 * `self`). An EventTarget cannot list its listeners, so every way one goes is followed: a
 * removal, a `once` that fired (through a stand-in), an aborted `signal`.
 */
export function patchEventTarget(records: LiveRecords, target: EventTarget): () => void {
  // Typed loosely: the stand-ins below are called with whatever a caller passes.
  const add = target.addEventListener as (this: EventTarget, ...args: unknown[]) => void;
  const remove = target.removeEventListener as (this: EventTarget, ...args: unknown[]) => void;
  const held: LiveRecord[] = [];
  const find = (type: string, listener: unknown, capture: boolean) =>
    held.find((record) => {
      const detail = record.detail as TargetListener;
      return detail.type === type && detail.listener === listener && detail.capture === capture;
    });
  const forget = (record: LiveRecord) => {
    const at = held.indexOf(record);
    if (at >= 0) held.splice(at, 1);
    records.forget(record);
  };
  const recordType: RecordType = {
    kind: "global-listener",
    close(record) {
      const { type, added, capture } = record.detail as TargetListener;
      remove.call(target, type, added, { capture });
      forget(record);
    },
    alive: () => true,
    what: (record) => JSON.stringify((record.detail as TargetListener).type),
  };
  return undoAll([
    replaceFunction(
      target,
      "addEventListener",
      function (
        this: EventTarget,
        type: string,
        listener: EventCallback | null,
        options?: boolean | AddEventListenerOptions,
      ) {
        const capture = captureOf(options);
        // A bare `addEventListener(...)` in a module is called with no `this`: the global's.
        const self = this ?? target;
        if (self !== target || !listener || find(type, listener, capture)) {
          return add.call(self, type, listener, options);
        }
        const once = typeof options === "object" && options.once === true;
        let record: LiveRecord | undefined;
        const added: EventCallback = once
          ? function (this: unknown, event: Event) {
              if (record) forget(record);
              return typeof listener === "function"
                ? listener.call(this, event)
                : listener.handleEvent(event);
            }
          : listener;
        add.call(self, type, added, options);
        record = records.add(recordType, undefined, { type, listener, capture, added });
        held.push(record);
        const signal = typeof options === "object" ? options.signal : undefined;
        signal?.addEventListener("abort", () => record && forget(record), { once: true });
      },
    ),
    replaceFunction(
      target,
      "removeEventListener",
      function (
        this: EventTarget,
        type: string,
        listener: EventCallback | null,
        options?: boolean | EventListenerOptions,
      ) {
        const self = this ?? target;
        const record = self === target ? find(type, listener, captureOf(options)) : undefined;
        if (!record) return remove.call(self, type, listener, options);
        recordType.close(record);
      },
    ),
  ]);
}
