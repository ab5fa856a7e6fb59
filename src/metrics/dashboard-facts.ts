import type { PluginStatus } from "../plugin/plugin-status.ts";
import type { WireEvent } from "../wire-event.ts";

// What the dashboard's page (dashboard-client.ts, in the browser) and its server agree on.
// The page's bundle takes this module in whole: types and plain values only, nothing of the host.

/** How many reloads and failures the timeline shows, and the server keeps to replay. */
export const HISTORY_SIZE = 100;

/** The events on the timeline: what the server keeps, and what the page draws as bars. */
export type TimelineEvent = Extract<WireEvent, { type: "plugin:reloaded" | "plugin:failed" }>;

export function isTimelineEvent(event: Pick<WireEvent, "type">): event is TimelineEvent {
  return event.type === "plugin:reloaded" || event.type === "plugin:failed";
}

/** What a plugin's state is called: `stale` for a running one whose last reload failed. */
export function stateWord(plugin: Pick<PluginStatus, "stale" | "state">): string {
  return plugin.stale && plugin.state === "running" ? "stale" : plugin.state;
}
