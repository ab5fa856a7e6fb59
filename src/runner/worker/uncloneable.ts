import { HotplugError, messageOf } from "../../errors/hotplug-error.ts";

const NAMED: [new (...args: never[]) => object, string][] = [
  [Promise, "a Promise"],
  [WeakMap, "a WeakMap"],
  [WeakSet, "a WeakSet"],
  [WeakRef, "a WeakRef"],
];

/**
 * Where structured clone fails on `value`, in words: `a function (at .handler)`. Runtimes
 * only say "could not be cloned"; a user needs the type and the place. Undefined when no
 * such part is found (the runtime then had another reason).
 */
export function findUncloneable(
  value: unknown,
  at = "",
  seen = new Set<object>(),
): string | undefined {
  const where = at ? ` (at ${at})` : "";
  if (typeof value === "function") return `a function${where}`;
  if (typeof value === "symbol") return `a Symbol${where}`;
  if (typeof value !== "object" || value === null || seen.has(value)) return undefined;
  seen.add(value);
  for (const [type, name] of NAMED) if (value instanceof type) return `${name}${where}`;
  if (value instanceof Map) {
    for (const [key, item] of value) {
      const found =
        findUncloneable(key, `${at}<key>`, seen) ??
        findUncloneable(item, `${at}.get(${String(key)})`, seen);
      if (found) return found;
    }
    return undefined;
  }
  const entries =
    Array.isArray(value) || value instanceof Set ? [...value].entries() : Object.entries(value);
  for (const [key, item] of entries) {
    const found = findUncloneable(
      item,
      typeof key === "number" ? `${at}[${key}]` : `${at}.${key}`,
      seen,
    );
    if (found) return found;
  }
  return undefined;
}

/**
 * A value that cannot cross a worker boundary, named as the user should read it: whose, what
 * (`the result of greeter.greet()`, `the state stop() returned`) and which part of it.
 */
export class UncloneableError extends HotplugError {
  override name = "UncloneableError";
  /** The plugin on the side that sent it. */
  readonly plugin: string;
  readonly what: string;
  /** The part that cannot be cloned, and where in the value: `a function (at .handler)`. */
  readonly part: string;

  constructor(plugin: string, what: string, value: unknown, cause: unknown) {
    const part = findUncloneable(value) ?? messageOf(cause);
    super(
      "WORKER_UNCLONEABLE",
      `${plugin}: Cannot send ${what} across the worker boundary: ${part} cannot be structured-cloned`,
      { cause },
    );
    this.plugin = plugin;
    this.what = what;
    this.part = part;
  }
}
