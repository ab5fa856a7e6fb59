import type { EventBus } from "../event-bus.ts";
import type { PluginRecord } from "./plugin-record.ts";
import { PluginUnavailableError } from "./plugin-unavailable-error.ts";

export interface WhenRunningOptions {
  /** How long to wait; the default waits as long as it takes. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * Resolves once `name` has a generation serving (at once if it has one), with `handle`; fails
 * with PluginUnavailableError after `timeoutMs`. Every change of who serves is announced on
 * the bus, so it waits on events, never by polling.
 */
export function whenRunning<T>(
  bus: EventBus,
  record: () => PluginRecord | undefined,
  name: string,
  handle: T,
  { timeoutMs, signal }: WhenRunningOptions = {},
): Promise<T> {
  if (record()?.current) return Promise.resolve(handle);
  return new Promise<T>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const done = (fail?: Error) => {
      off();
      clearTimeout(timer);
      signal?.removeEventListener("abort", aborted);
      if (fail) reject(fail);
      else resolve(handle);
    };
    const aborted = () =>
      done(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
    const off = bus.on((event) => {
      if ("plugin" in event && event.plugin === name && record()?.current) done();
    });
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => {
        const state = record()?.state ?? "unloaded";
        done(new PluginUnavailableError(name, state, `; it did not run within ${timeoutMs} ms`));
      }, timeoutMs);
    }
    signal?.addEventListener("abort", aborted, { once: true });
  });
}
