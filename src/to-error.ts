/** Anything thrown, as an Error: listeners and `onError` callbacks take Errors only. */
export const toError = (thrown: unknown): Error =>
  thrown instanceof Error ? thrown : new Error(String(thrown));
