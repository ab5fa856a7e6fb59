import type { HostEvent } from "../host-events.ts";

/**
 * An event as it goes over the wire (`--json`, and any other stream of DESIGN.md's events):
 * without the fields kept for the human log in this process.
 */
export function wireEvent(event: HostEvent): Omit<HostEvent, "report"> {
  if (!("report" in event)) return event;
  const { report: _inProcessOnly, ...wire } = event;
  return wire;
}

/** `--json`: DESIGN.md's event stream, one object a line on stdout, and nothing else there. */
export function jsonReporter(write: (line: string) => void): (event: HostEvent) => void {
  return (event) => write(`${JSON.stringify(wireEvent(event))}\n`);
}
