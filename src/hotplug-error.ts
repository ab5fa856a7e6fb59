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
