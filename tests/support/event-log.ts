import type { HostEvent, HostEventType } from "../../src/host-events.ts";

type EventOf<K extends HostEventType> = Extract<HostEvent, { type: K }>;

/** Records host events and waits for one with a deadline, never a fixed sleep. */
export class EventLog {
  readonly events: HostEvent[] = [];
  #waiters: (() => void)[] = [];

  readonly listener = (event: HostEvent): void => {
    this.events.push(event);
    for (const wake of this.#waiters.splice(0)) wake();
  };

  of<K extends HostEventType>(type: K): EventOf<K>[] {
    return this.events.filter((event): event is EventOf<K> => event.type === type);
  }

  /** Resolves with the first event from index `from` on that matches; rejects at the deadline. */
  async waitFor<K extends HostEventType>(
    type: K,
    match: (event: EventOf<K>) => boolean = () => true,
    { from = 0, timeoutMs = 5000 } = {},
  ): Promise<EventOf<K>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events
        .slice(from)
        .find((event): event is EventOf<K> => event.type === type && match(event as EventOf<K>));
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) {
        const seen = this.events.map((e) => JSON.stringify(e)).join("\n  ");
        throw new Error(`no ${type} event within ${timeoutMs} ms; events seen:\n  ${seen}`);
      }
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
  }

  /** The index the next event will have: pass as `from` to wait only for what comes next. */
  get mark(): number {
    return this.events.length;
  }
}
