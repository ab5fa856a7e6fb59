import type { HostEvent } from "./host-events.ts";

/** A host event as programs outside the process see it. */
export type WireEvent = HostEvent extends infer E
  ? E extends HostEvent
    ? Omit<E, "report">
    : never
  : never;

/**
 * The in-process-only `report` (the human log's details, with absolute paths) left out, so
 * `--json` and the dashboard's /events carry exactly the same objects.
 */
export function wireEvent(event: HostEvent): WireEvent {
  if (!("report" in event)) return event as WireEvent;
  const { report: _inProcessOnly, ...wire } = event;
  return wire as WireEvent;
}
