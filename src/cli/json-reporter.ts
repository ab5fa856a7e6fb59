import type { HostEvent } from "../host-events.ts";

/** `--json`: DESIGN.md's event stream, one object a line on stdout, and nothing else there. */
export function jsonReporter(write: (line: string) => void): (event: HostEvent) => void {
  return (event) => {
    const { location: _inProcessOnly, ...wire } = event as HostEvent & { location?: unknown };
    write(`${JSON.stringify(wire)}\n`);
  };
}
