import type { PluginWebSocket, WebSocketHandlers } from "../plugin/plugin.ts";
import type { ServerSocket, SocketEvents } from "../runtime/http-server.ts";

type Delivery = (handlers: WebSocketHandlers | undefined, ws: PluginWebSocket) => unknown;

/** One accepted WebSocket: the plugin's data, and the events waiting for a generation. */
class Connection {
  ws: PluginWebSocket | undefined;
  waiting: Delivery[] = [];
  constructor(readonly data: unknown) {}
}

type Mode =
  | { readonly kind: "route"; readonly handlers: WebSocketHandlers | undefined }
  | { readonly kind: "hold" }
  | { readonly kind: "refuse"; readonly code: number; readonly reason: string };

/**
 * The WebSockets of one listener. They outlive generations: each event goes to the handlers
 * serving when it happens, events that come while none serves wait (in order) for the next,
 * and when none will come the sockets are closed with the reason.
 */
export class SocketRouter {
  readonly #open = new Set<Connection>();
  readonly #onError: (error: unknown) => void;
  #mode: Mode = { kind: "hold" };

  constructor(onError: (error: unknown) => void) {
    this.#onError = onError;
  }

  /** Open WebSockets. */
  get size(): number {
    return this.#open.size;
  }

  /** What to give the runtime's upgrade as the socket's data. */
  accept(data: unknown): unknown {
    return new Connection(data);
  }

  /** From now on events go to `handlers`; the ones waiting go first, in order. */
  route(handlers: WebSocketHandlers | undefined): void {
    this.#mode = { kind: "route", handlers };
    for (const connection of this.#open) this.#flush(connection, handlers);
  }

  /** From now on events wait for route(). */
  hold(): void {
    this.#mode = { kind: "hold" };
  }

  /** No generation will come: every socket is closed, and so is each new one. */
  refuse(code: number, reason: string): void {
    this.#mode = { kind: "refuse", code, reason };
    for (const connection of this.#open) connection.ws?.close(code, reason);
  }

  readonly events: SocketEvents = {
    open: (socket) => {
      const connection = socket.data as Connection;
      connection.ws = wrap(socket, connection);
      this.#open.add(connection);
      this.#deliver(connection, (h, ws) => h?.open?.(ws));
    },
    message: (socket, message) =>
      this.#deliver(socket.data as Connection, (h, ws) => h?.message(ws, message)),
    close: (socket, code, reason) => {
      const connection = socket.data as Connection;
      this.#open.delete(connection);
      this.#deliver(connection, (h, ws) => h?.close?.(ws, code, reason));
    },
    drain: (socket) => this.#deliver(socket.data as Connection, (h, ws) => h?.drain?.(ws)),
  };

  #deliver(connection: Connection, delivery: Delivery): void {
    const mode = this.#mode;
    if (mode.kind === "hold") connection.waiting.push(delivery);
    else if (mode.kind === "refuse") connection.ws?.close(mode.code, mode.reason);
    else {
      this.#flush(connection, mode.handlers);
      this.#call(connection, delivery, mode.handlers);
    }
  }

  #flush(connection: Connection, handlers: WebSocketHandlers | undefined): void {
    const waiting = connection.waiting;
    if (waiting.length === 0) return;
    connection.waiting = [];
    for (const delivery of waiting) this.#call(connection, delivery, handlers);
  }

  #call(connection: Connection, delivery: Delivery, handlers: WebSocketHandlers | undefined) {
    try {
      const result = delivery(handlers, connection.ws as PluginWebSocket);
      if (result instanceof Promise) result.catch(this.#onError);
    } catch (error) {
      this.#onError(error);
    }
  }
}

function wrap(socket: ServerSocket, connection: Connection): PluginWebSocket {
  return {
    data: connection.data,
    get readyState() {
      return socket.readyState;
    },
    remoteAddress: socket.remoteAddress,
    send: (message) => socket.send(message),
    close: (code, reason) => socket.close(code, reason),
  };
}
