import type { ConsolaInstance } from "consola";

/**
 * `ctx.log` inside a worker: consola's methods (info, warn, error, success, debug, ...), each
 * handing its level and arguments to `send`, for the host's logger to tag, filter and print.
 * Not consola itself: importing it costs a worker ~10 ms of start-up, on every reload.
 */
export function forwardingLog(
  send: (level: string, args: unknown[]) => void,
  tags: readonly string[] = [],
): ConsolaInstance {
  const methods = new Map<string, (...args: unknown[]) => void>();
  return new Proxy(Object.create(null) as ConsolaInstance, {
    get(_, prop) {
      if (typeof prop !== "string" || prop === "then") return undefined;
      if (prop === "withTag") return (tag: string) => forwardingLog(send, [...tags, tag]);
      let method = methods.get(prop);
      if (!method) {
        const prefix = tags.map((tag) => `[${tag}]`);
        method = (...args: unknown[]) => send(prop, [...prefix, ...args]);
        methods.set(prop, method);
      }
      return method;
    },
  });
}
