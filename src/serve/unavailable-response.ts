/** Seconds a client should wait before it asks again, when no generation serves. */
export const RETRY_AFTER_S = 1;

/**
 * The 503 the host answers for a plugin with no generation to serve: `Retry-After`, and a JSON
 * body naming the plugin and its state, so a client or a person sees why.
 */
export function unavailableResponse(plugin: string, state: string): Response {
  const body = {
    error: "unavailable",
    plugin,
    state,
    message: `${plugin} is ${state}: no generation serves it now`,
  };
  return new Response(`${JSON.stringify(body)}\n`, {
    status: 503,
    headers: { "content-type": "application/json", "retry-after": String(RETRY_AFTER_S) },
  });
}
