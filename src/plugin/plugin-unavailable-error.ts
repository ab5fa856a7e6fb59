import { HotplugError } from "../errors/hotplug-error.ts";
import type { PluginState } from "./plugin.ts";

/**
 * A call through a plugin's live handle found no generation serving: it is being reloaded
 * (between the old generation's stop() and the new one's start()), has failed, waits for a
 * dependency, or is gone. Thrown at once, never after a wait: `whenRunning()` waits.
 */
export class PluginUnavailableError extends HotplugError {
  override name = "PluginUnavailableError";
  readonly plugin: string;
  /** What the plugin is doing instead of serving: reloading, failed, waiting, unloaded, ... */
  readonly reason: PluginState | "unloaded";

  constructor(plugin: string, reason: PluginState | "unloaded", detail = "") {
    super("PLUGIN_UNAVAILABLE", `${plugin} is unavailable: ${describe(reason)}${detail}`);
    this.plugin = plugin;
    this.reason = reason;
  }
}

function describe(reason: PluginState | "unloaded"): string {
  switch (reason) {
    case "stopping":
    case "loading":
    case "reloading":
      return "it is reloading";
    case "failed":
      return "it failed (see its last error)";
    case "waiting":
      return "it waits for a dependency";
    case "unloaded":
      return "it is not loaded";
    default:
      return `it is ${reason}`;
  }
}
