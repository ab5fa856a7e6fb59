import type { HostEvent } from "./host-events.ts";

/** A host event as programs outside the process see it. */
export type WireEvent = HostEvent extends infer E
  ? E extends HostEvent
    ? Omit<E, "location">
    : never
  : never;

/**
 * The in-process-only `location` left out, so `--json` and the dashboard's /events carry
 * exactly the same objects.
 */
export function wireEvent(event: HostEvent): WireEvent {
  const { location: _inProcessOnly, ...wire } = event as HostEvent & { location?: unknown };
  return wire as WireEvent;
}
