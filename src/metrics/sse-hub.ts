import { Buffer } from "node:buffer";
import type { ServerResponse } from "node:http";
import type { HostEvent } from "../host-events.ts";
import type { Clock } from "../schedule/clock.ts";
import { wireEvent } from "../wire-event.ts";
import { isTimelineEvent, type TimelineEvent } from "./dashboard-facts.ts";
import { sseComment, sseMessage } from "./sse-frame.ts";

export interface SseHubOptions {
  /** Bytes a client may leave unread before it is dropped: its buffer is the host's memory. */
  readonly maxBufferedBytes: number;
  /** Time between comment lines on an idle stream, so proxies keep it open. */
  readonly heartbeatMs: number;
  /** How many reloads and failures are kept for the timeline and replayed to a reconnect. */
  readonly historySize: number;
  readonly clock: Clock;
}

/** What the dashboard needs to draw before its stream opens. */
export interface HubSnapshot {
  /** The id of the last event published; the stream replays what follows it. */
  readonly seq: number;
  /** The last reloads and failures, oldest first. */
  readonly history: readonly TimelineEvent[];
}

interface Kept {
  readonly seq: number;
  readonly event: TimelineEvent;
  readonly message: string;
}

/**
 * Fans host events out to every open /events response as SSE messages (the `--json` objects),
 * with an increasing `id`. A client whose unread bytes would pass the bound is dropped (its
 * EventSource reconnects and is replayed what it missed), so no client can grow the host.
 */
export class SseHub {
  readonly #options: SseHubOptions;
  readonly #clients = new Set<ServerResponse>();
  readonly #history: Kept[] = [];
  #seq = 0;
  #heartbeat: unknown;

  constructor(options: SseHubOptions) {
    this.#options = options;
  }

  get clientCount(): number {
    return this.#clients.size;
  }

  /** Bytes written to clients and not yet taken by their sockets, over all clients. */
  get bufferedBytes(): number {
    let total = 0;
    for (const client of this.#clients) total += client.writableLength;
    return total;
  }

  readonly publish = (event: HostEvent): void => {
    const seq = ++this.#seq;
    // Most events go to no one when no dashboard is open: they are not even serialized.
    if (!isTimelineEvent(event) && this.#clients.size === 0) return;
    const wire = wireEvent(event);
    const message = sseMessage(JSON.stringify(wire), seq);
    if (isTimelineEvent(wire)) {
      this.#history.push({ seq, event: wire, message });
      if (this.#history.length > this.#options.historySize) this.#history.shift();
    }
    for (const client of this.#clients) this.#send(client, message);
  };

  snapshot(): HubSnapshot {
    return { seq: this.#seq, history: this.#history.map((kept) => kept.event) };
  }

  /**
   * Streams to `response` from now on; with `after` (the id a client last saw), first replays
   * the kept reloads and failures that followed it.
   */
  attach(response: ServerResponse, after: number | undefined): void {
    response.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      // nginx buffers proxied responses unless told not to; an event stream must not wait.
      "x-accel-buffering": "no",
    });
    this.#clients.add(response);
    response.once("close", () => this.#remove(response));
    // A dev host restarts often: reconnect within a second rather than the browser's 3 s.
    this.#send(response, "retry: 1000\n\n");
    if (after !== undefined) {
      for (const kept of this.#history) if (kept.seq > after) this.#send(response, kept.message);
    }
    this.#armHeartbeat();
  }

  close(): void {
    for (const client of this.#clients) client.destroy();
    this.#clients.clear();
    this.#disarmHeartbeat();
  }

  #send(client: ServerResponse, text: string): void {
    if (!this.#clients.has(client)) return;
    if (client.writableLength + Buffer.byteLength(text) > this.#options.maxBufferedBytes) {
      this.#remove(client);
      client.destroy();
      return;
    }
    client.write(text);
  }

  #remove(client: ServerResponse): void {
    this.#clients.delete(client);
    if (this.#clients.size === 0) this.#disarmHeartbeat();
  }

  #armHeartbeat(): void {
    if (this.#heartbeat !== undefined) return;
    this.#heartbeat = this.#options.clock.setTimeout(() => {
      this.#heartbeat = undefined;
      for (const client of this.#clients) this.#send(client, sseComment("keep-alive"));
      if (this.#clients.size > 0) this.#armHeartbeat();
    }, this.#options.heartbeatMs);
  }

  #disarmHeartbeat(): void {
    if (this.#heartbeat === undefined) return;
    this.#options.clock.clearTimeout(this.#heartbeat);
    this.#heartbeat = undefined;
  }
}
