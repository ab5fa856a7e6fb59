import type { PluginWebSocket, ServeAbilities, WebSocketHandlers } from "../plugin/plugin.ts";
import type { Port } from "../runner/worker/peer.ts";
import { PulledBody, sendNext } from "./pulled-body.ts";
import type { HostServeMessage, WorkerServeMessage } from "./serve-messages.ts";
import { isServeMessage } from "./serve-messages.ts";
import type { ServeTarget } from "./serve-target.ts";
import { unavailableResponse } from "./unavailable-response.ts";

type Reader = ReadableStreamDefaultReader<Uint8Array>;

/** One request sent to the worker and not finished. */
interface Pending {
  readonly request: Request;
  readonly abilities: ServeAbilities;
  readonly resolve: (response: Response | undefined) => void;
  requestBody?: Reader;
  responseBody?: PulledBody;
}

/**
 * The host's end of a worker's serving: for each generation in it a ServeTarget whose `fetch`
 * sends the Request across (its body streamed on demand) and resolves with the worker's
 * Response (its body streamed back the same way), and whose `websocket` handlers forward each
 * event. One per worker, so its generations (a rollback runs in the same worker) share one
 * numbering of requests. When the worker dies, `fail()` answers what it had not answered with
 * 503 and cuts what it was sending; the listener stays open.
 */
export class WorkerFetchClient {
  readonly #port: Port;
  readonly #plugin: string;
  readonly #pending = new Map<number, Pending>();
  readonly #socketIds = new WeakMap<PluginWebSocket, number>();
  readonly #sockets = new Map<number, PluginWebSocket>();
  #nextId = 0;
  #failed = false;
  readonly #websocket = this.#forward();

  constructor(port: Port, plugin: string) {
    this.#port = port;
    this.#plugin = plugin;
    port.onMessage((message) => {
      if (isServeMessage(message)) this.#receive(message as WorkerServeMessage);
    });
  }

  /** Generation `generation` of the worker's plugin, as a listener serves it. */
  target(generation: number): ServeTarget {
    return {
      generation,
      fetch: (request, abilities) => this.#fetch(request, abilities),
      websocket: this.#websocket,
    };
  }

  /** The worker is gone: every request it has not finished ends now, and later ones get 503. */
  fail(): void {
    this.#failed = true;
    for (const pending of this.#pending.values()) {
      if (pending.responseBody)
        pending.responseBody.fail(new Error(`${this.#plugin}: its worker ended`));
      else pending.resolve(unavailableResponse(this.#plugin, "failed"));
      void pending.requestBody?.cancel().catch(() => {});
    }
    this.#pending.clear();
  }

  #post(message: HostServeMessage): void {
    if (!this.#failed) this.#port.post(message);
  }

  #fetch(request: Request, abilities: ServeAbilities): Promise<Response | undefined> {
    if (this.#failed) return Promise.resolve(unavailableResponse(this.#plugin, "failed"));
    const id = ++this.#nextId;
    return new Promise((resolve) => {
      this.#pending.set(id, { request, abilities, resolve });
      this.#post({
        serve: "request",
        id,
        method: request.method,
        url: request.url,
        headers: [...request.headers],
        hasBody: request.body !== null,
        remote: abilities.requestIP(request),
      });
    });
  }

  #receive(message: WorkerServeMessage) {
    if (message.serve === "ws-send" || message.serve === "ws-close") {
      const ws = this.#sockets.get(message.socket);
      if (message.serve === "ws-send") ws?.send(message.message);
      else ws?.close(message.code, message.reason);
      return;
    }
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    const { id } = message;
    switch (message.serve) {
      case "request-pull": {
        pending.requestBody ??= pending.request.body?.getReader() as Reader | undefined;
        const reader = pending.requestBody;
        if (!reader) return this.#post({ serve: "request-end", id });
        void sendNext(reader, {
          chunk: (chunk) => this.#post({ serve: "request-chunk", id, chunk }),
          end: () => this.#post({ serve: "request-end", id }),
          fail: () => this.#post({ serve: "request-end", id }),
        });
        return;
      }
      case "response":
        return this.#respond(id, pending, message);
      case "response-chunk":
        return pending.responseBody?.chunk(message.chunk);
      case "response-end":
        this.#pending.delete(id);
        return pending.responseBody?.end();
      case "response-error":
        this.#pending.delete(id);
        if (pending.responseBody) return pending.responseBody.fail(new Error(message.message));
        return pending.resolve(new Response("Internal Server Error", { status: 500 }));
    }
  }

  #respond(id: number, pending: Pending, head: Extract<WorkerServeMessage, { serve: "response" }>) {
    if (head.upgrade) {
      this.#pending.delete(id);
      const upgraded = pending.abilities.upgrade(pending.request, head.upgrade);
      return pending.resolve(
        upgraded ? undefined : new Response("Upgrade failed", { status: 400 }),
      );
    }
    const init = {
      status: head.status,
      statusText: head.statusText,
      headers: [...head.headers] as [string, string][],
    };
    if (!head.hasBody) {
      this.#pending.delete(id);
      return pending.resolve(new Response(null, init));
    }
    pending.responseBody = new PulledBody(
      () => this.#post({ serve: "response-pull", id }),
      () => {
        this.#pending.delete(id);
        this.#post({ serve: "cancel", id });
      },
    );
    pending.resolve(new Response(pending.responseBody.stream, init));
  }

  /** WebSocket handlers that send each event to the worker, naming the socket by a number. */
  #forward(): WebSocketHandlers {
    const send = (
      ws: PluginWebSocket,
      event: "open" | "message" | "close" | "drain",
      extra = {},
    ) => {
      let socket = this.#socketIds.get(ws);
      let introduce: { data: unknown; remoteAddress: string } | undefined;
      if (socket === undefined) {
        socket = ++this.#nextId;
        this.#socketIds.set(ws, socket);
        this.#sockets.set(socket, ws);
        introduce = { data: ws.data, remoteAddress: ws.remoteAddress };
      }
      if (event === "close") this.#sockets.delete(socket);
      this.#post({
        serve: "ws-event",
        socket,
        event,
        ...(introduce ? { introduce } : {}),
        ...extra,
      });
    };
    return {
      open: (ws) => send(ws, "open"),
      message: (ws, message) => send(ws, "message", { message }),
      close: (ws, code, reason) => send(ws, "close", { code, reason }),
      drain: (ws) => send(ws, "drain"),
    };
  }
}
