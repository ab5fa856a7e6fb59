import type { HostEvents } from "../host-events.ts";
import type { SyncOutcome } from "../plugin/sync-outcome.ts";

/** The `host:synced` payload for the outcomes of one re-sync, names sorted. */
export function summarizeSync(
  outcomes: readonly (SyncOutcome | undefined)[],
): HostEvents["host:synced"] {
  const summary: HostEvents["host:synced"] = {
    reloaded: [],
    started: [],
    unloaded: [],
    failed: [],
    unchanged: 0,
  };
  for (const outcome of outcomes) {
    if (!outcome || outcome.kind === "none") continue;
    if (outcome.kind === "unchanged") summary.unchanged++;
    // Still being written: not serving what is on disk yet, like a failure.
    else if (outcome.kind === "settling") summary.failed.push(outcome.name);
    else summary[outcome.kind].push(outcome.name);
  }
  for (const list of [summary.reloaded, summary.started, summary.unloaded, summary.failed])
    list.sort();
  return summary;
}
