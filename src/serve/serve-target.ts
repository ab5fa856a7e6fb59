import type {
  Plugin,
  ServeAbilities,
  ServingContext,
  WebSocketHandlers,
} from "../plugin/plugin.ts";
import type { StandardSchemaV1 } from "../plugin/standard-schema.ts";

/**
 * What a listener hands requests to: one generation's `fetch` and `websocket` handlers, in
 * this process or across a worker boundary (worker-fetch-client.ts).
 */
export interface ServeTarget {
  /** The generation's number, for messages. */
  readonly generation: number;
  fetch(
    request: Request,
    abilities: ServeAbilities,
  ): Response | undefined | Promise<Response | undefined>;
  readonly websocket?: WebSocketHandlers | undefined;
}

/**
 * An in-process generation as a target: its module's `fetch`, called with `ctx` (the
 * generation's context with the listener's `upgrade` and `requestIP`), and its `websocket`.
 */
export function pluginTarget(
  generation: number,
  plugin: Plugin<StandardSchemaV1 | undefined>,
  ctx: ServingContext,
): ServeTarget {
  const { fetch } = plugin;
  if (!fetch)
    throw new TypeError(`Cannot serve generation ${generation}: its export has no fetch()`);
  return {
    generation,
    fetch: (request) => fetch.call(plugin, request, ctx as never),
    websocket: plugin.websocket,
  };
}
