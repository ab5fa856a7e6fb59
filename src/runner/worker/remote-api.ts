import type { ApiShape } from "./protocol.ts";

/** Reads and calls that cross the boundary: each returns a Promise of the other side's answer. */
export interface RemoteAccess {
  call(prop: string, args: readonly unknown[]): Promise<unknown>;
  get(prop: string): Promise<unknown>;
}

/** The shape of `api` as the other side needs it: its function and value properties. */
export function shapeOf(api: unknown): ApiShape {
  if (typeof api !== "object" || api === null) return { kind: "value", value: api };
  const functions = new Set<string>();
  const values = new Set<string>();
  // Own properties and methods of its classes, as a caller of the object would see them.
  for (let at: object | null = api; at && at !== Object.prototype; at = Object.getPrototypeOf(at)) {
    for (const key of Object.getOwnPropertyNames(at)) {
      if (key === "constructor" || functions.has(key) || values.has(key)) continue;
      const value = (api as Record<string, unknown>)[key];
      (typeof value === "function" ? functions : values).add(key);
    }
  }
  return { kind: "object", functions: [...functions], values: [...values] };
}

/**
 * An API on the other side of a worker boundary, as an object here: a function property is a
 * function returning a Promise of the call's result, any other property a Promise of its value
 * at the time of the read. It is not thenable, so `await` on it gives it back as it is.
 */
export function remoteApi(shape: ApiShape, remote: RemoteAccess): unknown {
  if (shape.kind === "value") return shape.value;
  const functions = new Set(shape.functions);
  const bound = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  const keys = [...shape.functions, ...shape.values];
  return new Proxy(Object.create(null) as object, {
    get(_, prop) {
      if (typeof prop !== "string" || prop === "then") return undefined;
      if (!functions.has(prop)) return remote.get(prop);
      let fn = bound.get(prop);
      if (!fn) {
        fn = (...args: unknown[]) => remote.call(prop, args);
        bound.set(prop, fn);
      }
      return fn;
    },
    has: (_, prop) => typeof prop === "string" && keys.includes(prop),
    ownKeys: () => keys,
    getOwnPropertyDescriptor: (_, prop) =>
      typeof prop === "string" && keys.includes(prop)
        ? { configurable: true, enumerable: true, writable: false, value: undefined }
        : undefined,
  });
}
