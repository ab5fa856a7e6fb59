import type { HostEvent } from "../host-events.ts";
import { wireEvent } from "../wire-event.ts";

/** `--json`: DESIGN.md's event stream, one object a line on stdout, and nothing else there. */
export function jsonReporter(write: (line: string) => void): (event: HostEvent) => void {
  return (event) => write(`${JSON.stringify(wireEvent(event))}\n`);
}
