import { HotplugError } from "../errors/hotplug-error.ts";

/** A mistake in how the CLI was called: exit code 2, with the usage shown. */
export class UsageError extends HotplugError {
  override name = "UsageError";

  constructor(message: string) {
    super("USAGE", message);
  }
}
