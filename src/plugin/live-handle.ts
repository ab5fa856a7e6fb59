import type { PluginRecord } from "./plugin-record.ts";
import { PluginUnavailableError } from "./plugin-unavailable-error.ts";

/** What a handle needs to know of its plugin, at each read and call. */
export interface HandleTarget {
  readonly name: string;
  /** The plugin's record now, if it is loaded. */
  record(): PluginRecord | undefined;
  /** A call was refused: counted per plugin. */
  refused(): void;
}

/**
 * A plugin's API as callers hold it (`ctx.deps[name]`, `host.api(name)`): every property read
 * goes to the generation serving at that moment, and a function read from it calls the
 * serving generation's function when it is called, so a method captured before a reload
 * reaches the new code. When no generation serves, a read or a call throws
 * PluginUnavailableError at once: no call ever reaches a stopped generation. Not thenable, so
 * `await handle` gives the handle back.
 */
export function liveHandle(target: HandleTarget): object {
  const methods = new Map<string, (...args: unknown[]) => unknown>();
  // As an object: a plugin whose setup() returned nothing has no properties to read, rather
  // than a handle that throws on every read.
  const serving = () => {
    const record = target.record();
    const generation = record?.current;
    if (generation) return Object(generation.api) as Record<string, unknown>;
    target.refused();
    throw new PluginUnavailableError(target.name, record?.state ?? "unloaded");
  };
  const method = (prop: string) => {
    let call = methods.get(prop);
    if (!call) {
      call = (...args: unknown[]) => {
        const api = serving();
        const fn = api[prop];
        if (typeof fn !== "function") {
          throw new TypeError(`Cannot call ${target.name}.${prop}(): it is not a function now`);
        }
        return fn.apply(api, args);
      };
      methods.set(prop, call);
    }
    return call;
  };
  return new Proxy(Object.create(null) as object, {
    get(_, prop) {
      if (typeof prop !== "string" || prop === "then") return undefined;
      const api = serving();
      const value = api[prop];
      return typeof value === "function" ? method(prop) : value;
    },
    has: (_, prop) => prop in serving(),
    ownKeys: () => Reflect.ownKeys(serving()),
    getOwnPropertyDescriptor(_, prop) {
      const api = serving();
      if (!(prop in api)) return undefined;
      return { configurable: true, enumerable: true, writable: false, value: api[prop as string] };
    },
  });
}
