import { HotplugError } from "../errors/hotplug-error.ts";

/** The host could not open a plugin's listener: the address is taken, not allowed, or bad. */
export class ServeError extends HotplugError {
  override name = "ServeError";
  readonly plugin: string;
  readonly address: string;

  constructor(plugin: string, address: string, cause: unknown) {
    const code = (cause as { code?: unknown } | null)?.code;
    const why = cause instanceof Error ? cause.message : String(cause);
    const hint = code === "EADDRINUSE" ? " (another process or plugin listens there)" : "";
    super("LISTEN_FAILED", `${plugin}: cannot listen on ${address}: ${why}${hint}`, { cause });
    this.plugin = plugin;
    this.address = address;
  }
}
