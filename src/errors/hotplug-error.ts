/**
 * The one base class for domain failures: `code` is stable for programs, `message` is for
 * people and names the file and the field where there is one.
 */
export class HotplugError extends Error {
  override name = "HotplugError";
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/** The message of anything thrown: an Error's (or an error-shaped copy's), else its text. */
export const messageOf = (thrown: unknown): string =>
  typeof (thrown as { message?: unknown } | null)?.message === "string"
    ? (thrown as { message: string }).message
    : String(thrown);

/** Anything thrown, as an Error: listeners and `onError` callbacks take Errors only. */
export const toError = (thrown: unknown): Error =>
  thrown instanceof Error ? thrown : new Error(String(thrown));
