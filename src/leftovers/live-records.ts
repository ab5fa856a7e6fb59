import { AsyncLocalStorage } from "node:async_hooks";

/** What a generation can leave behind; also the `kind` label of `hotplug_leftovers_total`. */
export type LeftoverKind =
  | "interval"
  | "timeout"
  | "immediate"
  | "process-listener"
  | "global-listener"
  | "server";

/** How to treat the records of one kind: shared by all of them, so a record is one object. */
export interface RecordType {
  readonly kind: LeftoverKind;
  /** Clears, removes or closes what `record` stands for, and forgets it. */
  close(record: LiveRecord): void;
  /** False when it ended by a path no patch saw (`timer.close()`, a listen that failed). */
  alive(record: LiveRecord): boolean;
  /** What it is beyond its kind: the event listened for, the address served. */
  what(record: LiveRecord): string | undefined;
}

/**
 * Enough frames to get past the patch that records (two of ours) and a library or two into the
 * plugin's own code, and few enough to keep a capture cheap: the stack is only captured here,
 * and turned into text when a report needs it.
 */
export const STACK_FRAMES = 16;

/** One live thing some code created: a timer, a listener, a server. */
export class LiveRecord {
  constructor(
    readonly type: RecordType,
    readonly key: unknown,
    readonly detail: unknown,
    /** Creation order among records and generation marks (LiveRecords.mark). */
    readonly seq: number,
    /** Captured at creation, not formatted: JavaScriptCore and V8 format it on first read. */
    readonly stack: Error,
    /** The generation scope (LiveRecords.run) it was created in, if any. */
    readonly scope: object | undefined,
  ) {}
}

/**
 * Every live record of this realm (process or worker), whoever made it: the patched timers,
 * emitters and servers add to it, and each recorder reads it with its own plugins in mind. A
 * record is forgotten as soon as its timer fires or is cleared, its listener removed, its
 * server closed, so the set holds only what is alive now.
 */
export class LiveRecords {
  readonly #records = new Map<unknown, LiveRecord>();
  readonly #scopes = new AsyncLocalStorage<object>();
  #seq = 0;

  /** Records something just created; `key` finds it again (a timer handle), else the record. */
  add(type: RecordType, key: unknown, detail?: unknown): LiveRecord {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = STACK_FRAMES;
    const stack = new Error();
    Error.stackTraceLimit = limit;
    const record = new LiveRecord(type, key, detail, ++this.#seq, stack, this.#scopes.getStore());
    this.#records.set(key ?? record, record);
    return record;
  }

  get(key: unknown): LiveRecord | undefined {
    return this.#records.get(key);
  }

  /** Forgets the record under `key` (a timer handle, or the record itself). */
  delete(key: unknown): boolean {
    return this.#records.delete(key);
  }

  forget(record: LiveRecord): void {
    this.#records.delete(record.key ?? record);
  }

  /** A point in creation order: records made after it have a larger `seq`. */
  mark(): number {
    return ++this.#seq;
  }

  /** Runs `fn` in `scope`: what it creates, now or in callbacks it schedules, carries it. */
  run<T>(scope: object, fn: () => T): T {
    return this.#scopes.run(scope, fn);
  }

  get size(): number {
    return this.#records.size;
  }

  values(): IterableIterator<LiveRecord> {
    return this.#records.values();
  }
}
