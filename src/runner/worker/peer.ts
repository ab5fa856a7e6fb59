import type {
  Handlers,
  InputOf,
  Message,
  MethodName,
  Reply,
  ResultOf,
  WorkerEvent,
} from "./protocol.ts";
import { UncloneableError } from "./uncloneable.ts";
import { toWire, type WireError } from "./wire-error.ts";

/** One side's end of a worker's message channel, whatever the runtime's API for it. */
export interface Port {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
}

export interface PeerOptions<Local> {
  readonly port: Port;
  /** Answers the other side's requests. */
  readonly handlers: Handlers<Local>;
  /** An event from the other side. */
  readonly onEvent?: (event: WorkerEvent) => void;
  /** A failure the other side sent back, as an Error on this side. */
  readonly errorOf: (error: WireError) => Error;
  /** The plugin this side speaks for, as messages name it (it may be learnt late). */
  readonly owner: () => string;
  /**
   * What a request's input or its answer is, in words, for a value that cannot be cloned:
   * `the arguments of clock.now()`, `the state stop() returned`.
   */
  readonly describe: (method: string, input: unknown, part: "input" | "reply") => string;
}

/**
 * Requests and replies over a port, matched by id, typed by the two method maps: `Local` is
 * what this side answers, `Remote` what it may ask. A value that cannot be cloned, either
 * way, fails as an UncloneableError naming the plugin, what it was and the part that could
 * not cross.
 */
export class Peer<Local, Remote> {
  readonly #options: PeerOptions<Local>;
  readonly #pending = new Map<
    number,
    { resolve(value: unknown): void; reject(error: unknown): void }
  >();
  #nextId = 0;
  #closed: Error | undefined;

  constructor(options: PeerOptions<Local>) {
    this.#options = options;
    // Other ends share the port (a serving plugin's requests cross it too): what is not a
    // request, a reply or an event of this protocol is theirs.
    options.port.onMessage((data) => {
      const message = data as Message;
      if ("event" in message) options.onEvent?.(message.event);
      else if ("reply" in message) this.#settle(message.id, message.reply);
      else if ("method" in message) void this.#answer(message.id, message.method, message.input);
    });
  }

  /** Asks the other side; resolves with its answer. */
  request<K extends MethodName<Remote>>(
    method: K,
    ...input: InputOf<Remote, K>
  ): Promise<ResultOf<Remote, K>> {
    if (this.#closed) return Promise.reject(this.#closed);
    const id = ++this.#nextId;
    const [value] = input as unknown[];
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      try {
        this.#options.port.post({ id, method, input: value } satisfies Message);
      } catch (cause) {
        this.#pending.delete(id);
        reject(this.#uncloneable(method, value, "input", value, cause));
      }
    });
  }

  event(event: WorkerEvent): void {
    if (!this.#closed) this.#options.port.post({ event } satisfies Message);
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
    else pending.reject(this.#options.errorOf(reply.error));
  }

  async #answer(id: number, method: string, input: unknown): Promise<void> {
    const { handlers, port } = this.#options;
    let reply: Reply;
    try {
      const handler = (handlers as unknown as Record<string, (input: unknown) => unknown>)[method];
      if (!handler) throw new TypeError(`Cannot answer ${method}: no such request`);
      reply = { ok: true, value: await handler(input) };
    } catch (error) {
      reply = { ok: false, error: toWire(error) };
    }
    try {
      port.post({ id, reply } satisfies Message);
    } catch (cause) {
      const value = reply.ok ? reply.value : reply.error;
      const error = this.#uncloneable(method, input, "reply", value, cause);
      port.post({ id, reply: { ok: false, error: toWire(error) } } satisfies Message);
    }
  }

  #uncloneable(
    method: string,
    input: unknown,
    part: "input" | "reply",
    value: unknown,
    cause: unknown,
  ): UncloneableError {
    const what = this.#options.describe(method, input, part);
    return new UncloneableError(this.#options.owner(), what, value, cause);
  }
}
