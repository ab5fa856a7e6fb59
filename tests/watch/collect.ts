import { writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { FileEvent } from "../../src/watch/file-event.ts";
import type { FallbackInfo, RootChange } from "../../src/watch/file-watcher.ts";
import type { WatchError } from "../../src/watch/watch-error.ts";

export interface WaitOptions {
  timeoutMs?: number;
}

interface Waiter {
  check(): boolean;
}

/** "type rel/path" (or "renamed old -> new"): short to assert on, readable when it fails. */
export function describe(root: string, event: FileEvent): string {
  const rel = (p: string) => relative(root, p).split("\\").join("/");
  return event.oldPath === undefined
    ? `${event.type} ${rel(event.path)}`
    : `${event.type} ${rel(event.oldPath)} -> ${rel(event.path)}`;
}

/**
 * Collects a watcher's events. Every wait has a deadline and ends as soon as its condition
 * holds; at the deadline it fails with everything seen so far, so a failure explains itself.
 */
export class Collector {
  readonly events: FileEvent[] = [];
  readonly fallbacks: FallbackInfo[] = [];
  readonly errors: Error[] = [];
  readonly rootChanges: RootChange[] = [];
  readonly undecodable: WatchError[] = [];
  /** Runs inside onEvent, after the event is recorded: a write made "during" a delivery. */
  duringEvent: ((event: FileEvent) => void) | undefined;
  readonly #waiters = new Set<Waiter>();
  #sentinels = 0;

  /** `root`: event paths are shown relative to it (and sentinels written there). */
  constructor(public root: string) {}

  readonly onEvent = (event: FileEvent): void => {
    this.events.push(event);
    this.duringEvent?.(event);
    this.#poke();
  };

  readonly onRootChange = (change: RootChange): void => {
    this.rootChanges.push(change);
    this.#poke();
  };

  readonly onFallback = (info: FallbackInfo): void => {
    this.fallbacks.push(info);
    this.#poke();
  };

  readonly onError = (error: Error): void => {
    this.errors.push(error);
    this.#poke();
  };

  /** Not passed by startBackend: a test that wants names apart from errors passes it. */
  readonly onUndecodable = (error: WatchError): void => {
    this.undecodable.push(error);
    this.#poke();
  };

  #poke(): void {
    for (const waiter of this.#waiters) waiter.check();
  }

  /** Events as "type rel/path" strings, from `from` on. */
  seen(from = 0): string[] {
    return this.events.slice(from).map((e) => describe(this.root, e));
  }

  waitFor(predicate: () => boolean, { timeoutMs = 5000 }: WaitOptions = {}): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        check: () => {
          if (!predicate()) return false;
          clearTimeout(timer);
          this.#waiters.delete(waiter);
          resolve();
          return true;
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        const seen = JSON.stringify({ events: this.seen(), fallbacks: this.fallbacks }, null, 1);
        reject(new Error(`waitFor timed out after ${timeoutMs} ms; seen: ${seen}`));
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  /** Waits until `description` ("modified a/b.ts") has been seen at or after index `from`. */
  waitForEvent(description: string, from = 0, options?: WaitOptions): Promise<void> {
    return this.waitFor(() => this.seen(from).includes(description), options);
  }

  /**
   * Proves that nothing more is coming: events are ordered, so once a fresh sentinel file's
   * event arrives, everything the earlier actions caused has arrived before it. Returns the
   * events from `from` on, without the sentinel's.
   */
  async settle(from = 0, dir = this.root, ext = ".txt"): Promise<string[]> {
    const file = join(dir, `sentinel-${++this.#sentinels}${ext}`);
    writeFileSync(file, "sentinel");
    const description = describe(this.root, { type: "created", path: file, time: 0 });
    await this.waitForEvent(description, from);
    return this.seen(from).filter((d) => !d.includes("sentinel-"));
  }
}
