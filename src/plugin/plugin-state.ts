import { HotplugError } from "../errors/hotplug-error.ts";
import type { PluginState } from "./plugin.ts";

/** What happens to a plugin, as the lifecycle and the reload transaction see it. */
export type PluginEvent =
  /** An attempt to load the plugin while no generation of it serves. */
  | "load"
  /** A dependency it needs does not run: it waits for it. */
  | "wait"
  /** A generation of it serves now. */
  | "serve"
  /** New code is read and imported while the running generation serves on. */
  | "reload"
  /** The new code failed before any swap: the running generation serves on. */
  | "keep"
  /** Its serving generation is being stopped. */
  | "stop"
  /** That generation's stop() has returned. */
  | "stopped"
  /** Something failed: with a generation serving it is stale; with none, failed. */
  | "fail";

type Table = { readonly [S in PluginState]: { readonly [E in PluginEvent]?: PluginState } };

/**
 * Every state a plugin can move to from each state, by event: the one definition of its
 * lifecycle (DESIGN.md's states). A failure changes the state only where no generation serves
 * or is about to: a running or reloading plugin stays so (and is stale), a stopping one waits
 * for what follows, a waiting one keeps waiting for its dependency.
 */
export const PLUGIN_TRANSITIONS: Table = {
  loading: { load: "loading", wait: "waiting", serve: "running", fail: "failed" },
  running: { reload: "reloading", stop: "stopping", fail: "running" },
  reloading: { keep: "running", serve: "running", stop: "stopping", fail: "reloading" },
  stopping: { stopped: "stopped", fail: "stopping" },
  stopped: { load: "loading", wait: "waiting", fail: "failed" },
  failed: { load: "loading", fail: "failed" },
  waiting: { load: "loading", fail: "waiting" },
};

/** A transition the table does not have: a bug in hotplug, never a plugin's fault. */
export class InvalidTransitionError extends HotplugError {
  override name = "InvalidTransitionError";
  readonly plugin: string;
  readonly from: PluginState;
  readonly event: PluginEvent;

  constructor(plugin: string, from: PluginState, event: PluginEvent) {
    super(
      "PLUGIN_STATE_INVALID",
      `Cannot ${event} ${plugin}: it is ${from}, and the lifecycle has no such step`,
    );
    this.plugin = plugin;
    this.from = from;
    this.event = event;
  }
}

/** The part of a plugin record the machine owns. */
export interface HasState {
  readonly name: string;
  readonly state: PluginState;
}

/** Moves `record` by `event`: the only writer of a plugin's state. */
export function transition(record: HasState, event: PluginEvent): PluginState {
  const to = PLUGIN_TRANSITIONS[record.state][event];
  if (to === undefined) throw new InvalidTransitionError(record.name, record.state, event);
  (record as { state: PluginState }).state = to;
  return to;
}
