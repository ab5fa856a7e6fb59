import type { Message, Reply } from "./protocol.ts";
import { cloneFailure } from "./uncloneable.ts";
import { toWire } from "./wire-error.ts";

/** One side's end of a worker's message channel, whatever the runtime's API for it. */
export interface Port {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
}

/**
 * Requests and replies over a port, matched by id: each side of a worker boundary asks the
 * other to do things and answers what it is asked. Replies that cannot be cloned become an
 * error naming what could not cross: `replyOf` says, in words, what answers a request.
 */
export class Peer<Incoming, Outgoing> {
  readonly #port: Port;
  readonly #pending = new Map<
    number,
    { resolve(value: unknown): void; reject(error: unknown): void }
  >();
  #nextId = 0;
  #closed: Error | undefined;

  constructor(
    port: Port,
    handle: (request: Incoming) => unknown,
    readonly onEvent: (event: Extract<Message, { event: unknown }>["event"]) => void,
    readonly toError: (reply: Extract<Reply, { ok: false }>) => Error,
    readonly replyOf: (request: Incoming) => string = () => "the result",
  ) {
    this.#port = port;
    port.onMessage((data) => {
      const message = data as Message;
      if ("event" in message) this.onEvent(message.event);
      else if ("reply" in message) this.#settle(message.id, message.reply);
      else void this.#answer(message.id, message.request as Incoming, handle);
    });
  }

  /** Sends `request`; resolves with the other side's answer. */
  request(request: Outgoing, what: string): Promise<unknown> {
    if (this.#closed) return Promise.reject(this.#closed);
    const id = ++this.#nextId;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      try {
        this.#port.post({ id, request } as Message);
      } catch (cause) {
        this.#pending.delete(id);
        reject(cloneFailure(what, request, cause));
      }
    });
  }

  event(event: Extract<Message, { event: unknown }>["event"]): void {
    if (!this.#closed) this.#port.post({ event });
  }

  /** The other side is gone: every open request fails with `error`, and so do later ones. */
  close(error: Error): void {
    this.#closed ??= error;
    for (const { reject } of this.#pending.values()) reject(error);
    this.#pending.clear();
  }

  #settle(id: number, reply: Reply): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(this.toError(reply));
  }

  async #answer(id: number, request: Incoming, handle: (request: Incoming) => unknown) {
    let reply: Reply;
    try {
      reply = { ok: true, value: await handle(request) };
    } catch (error) {
      reply = { ok: false, error: toWire(error) };
    }
    try {
      this.#port.post({ id, reply });
    } catch (cause) {
      const value = reply.ok ? reply.value : reply.error;
      this.#port.post({
        id,
        reply: { ok: false, error: toWire(cloneFailure(this.replyOf(request), value, cause)) },
      });
    }
  }
}
