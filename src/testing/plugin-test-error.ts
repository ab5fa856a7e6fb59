import { join } from "node:path";
import { HotplugError } from "../errors/hotplug-error.ts";
import { shownPath } from "../errors/shown-path.ts";
import type { PluginEventOf } from "./plugin-event-log.ts";

type FailedEvent = PluginEventOf<"plugin:failed">;

/**
 * A tested plugin did not do what its test asked of it: it did not start
 * (`PLUGIN_TEST_NOT_STARTED`, with the host's `plugin:failed` event), or an edit or reload
 * gave no outcome (`PLUGIN_TEST_NO_RELOAD`). The message names the plugin's file and line.
 */
export class PluginTestError extends HotplugError {
  override name = "PluginTestError";
  readonly plugin: string;
  /** The `plugin:failed` event behind it, when there is one (not enumerable: test runners print it otherwise). */
  declare readonly event: FailedEvent | undefined;

  /**
   * `above`: the hotplug/testing function the test called. Its frames and those inside it are
   * left out of the stack, so a test runner points at the test's own line, not at hotplug's.
   */
  constructor(
    code: string,
    plugin: string,
    message: string,
    above: (...args: never[]) => unknown,
    event?: FailedEvent,
  ) {
    super(code, message);
    this.plugin = plugin;
    Object.defineProperty(this, "event", { value: event, enumerable: false });
    Error.captureStackTrace?.(this, above);
  }

  /**
   * The plugin failed to start: the host's message, then where (relative to `cwd`) and the
   * code frame, as the human log shows them. `home` is the plugins folder the event's paths
   * are relative to.
   */
  static notStarted(
    event: FailedEvent,
    where: { home: string; cwd: string },
    above: (...args: never[]) => unknown,
  ): PluginTestError {
    const lines = [`${event.plugin} did not start (${event.phase}): ${event.message}`];
    if (event.file !== undefined) {
      const file = shownPath(join(where.home, event.file), where.cwd);
      const at = event.line === undefined ? file : `${file}:${event.line}:${event.column}`;
      if (!event.message.includes(at)) lines.push(`  at ${at}`);
    }
    if (event.frame) lines.push("", event.frame);
    const message = lines.join("\n");
    return new PluginTestError("PLUGIN_TEST_NOT_STARTED", event.plugin, message, above, event);
  }
}
