import type { PluginWebSocket, ServeAbilities, WebSocketHandlers } from "../plugin/plugin.ts";
import type { Port } from "../runner/worker/peer.ts";
import type { RemoteAddress, UpgradeOptions } from "../runtime/http-server.ts";
import { PulledBody, sendNext } from "./pulled-body.ts";
import type { HostServeMessage, WorkerServeMessage } from "./serve-messages.ts";
import { isServeMessage } from "./serve-messages.ts";

/** The plugin's serving handlers, as the worker calls them. */
export interface WorkerServeHandlers {
  fetch(request: Request): Response | undefined | Promise<Response | undefined>;
  readonly websocket?: WebSocketHandlers | undefined;
}

/** What the worker knows of one request it is answering. */
interface Answering {
  readonly remote: RemoteAddress | null;
  requestBody?: PulledBody;
  upgrade?: UpgradeOptions;
  responseBody?: ReadableStreamDefaultReader<Uint8Array>;
}

type RequestHead = Extract<HostServeMessage, { serve: "request" }>;

const isWebSocketRequest = (request: Request) =>
  request.method === "GET" &&
  request.headers.get("upgrade")?.toLowerCase() === "websocket" &&
  request.headers.has("sec-websocket-key");

/**
 * The worker's end of serving: answers each Request the host sends with the plugin's fetch,
 * the request body read from the host as the plugin reads it and the response body sent as
 * the host reads it, and delivers WebSocket events to the plugin's handlers. `abilities` go
 * into the plugin's ctx: `upgrade` accepts a WebSocket (the host performs it when the answer
 * arrives), `requestIP` tells who asked.
 */
export class WorkerFetchServer {
  readonly #port: Port;
  readonly #answering = new Map<number, Answering>();
  readonly #ids = new WeakMap<Request, number>();
  readonly #sockets = new Map<number, PluginWebSocket & { readyState: number }>();
  #handlers: WorkerServeHandlers | undefined;

  constructor(port: Port) {
    this.#port = port;
    port.onMessage((message) => {
      if (isServeMessage(message)) this.#receive(message as HostServeMessage);
    });
  }

  readonly abilities: ServeAbilities = {
    upgrade: (request, options = {}) => {
      const answering = this.#answering.get(this.#ids.get(request) ?? 0);
      if (!answering) {
        throw new TypeError("Cannot upgrade: this request is not one this plugin is answering");
      }
      if (!isWebSocketRequest(request)) return false;
      answering.upgrade = options;
      return true;
    },
    requestIP: (request) => this.#answering.get(this.#ids.get(request) ?? 0)?.remote ?? null,
  };

  /** From now on requests and WebSocket events go to `handlers`. */
  answer(handlers: WorkerServeHandlers): void {
    this.#handlers = handlers;
  }

  #post(message: WorkerServeMessage): void {
    this.#port.post(message);
  }

  #receive(message: HostServeMessage) {
    if (message.serve === "request") return void this.#answer(message);
    if (message.serve === "ws-event") return this.#socketEvent(message);
    const answering = this.#answering.get(message.id);
    if (!answering) return;
    const { id } = message;
    switch (message.serve) {
      case "request-chunk":
        return answering.requestBody?.chunk(message.chunk);
      case "request-end":
        return answering.requestBody?.end();
      case "response-pull": {
        const reader = answering.responseBody;
        if (!reader) return;
        void sendNext(reader, {
          chunk: (chunk) => this.#post({ serve: "response-chunk", id, chunk }),
          end: () => this.#done(id, { serve: "response-end", id }),
          fail: (error) => this.#done(id, { serve: "response-error", id, message: String(error) }),
        });
        return;
      }
      case "cancel":
        this.#answering.delete(id);
        void answering.responseBody?.cancel().catch(() => {});
        answering.requestBody?.fail(new Error("the host cancelled the request"));
    }
  }

  async #answer(head: RequestHead): Promise<void> {
    const { id } = head;
    const answering: Answering = { remote: head.remote as RemoteAddress | null };
    this.#answering.set(id, answering);
    if (head.hasBody) {
      answering.requestBody = new PulledBody(
        () => this.#post({ serve: "request-pull", id }),
        () => {},
      );
    }
    const request = new Request(head.url, {
      method: head.method,
      headers: head.headers as [string, string][],
      ...(answering.requestBody ? { body: answering.requestBody.stream, duplex: "half" } : {}),
    });
    this.#ids.set(request, id);
    let response: Response | undefined;
    try {
      if (!this.#handlers) throw new Error("the plugin is not serving yet");
      response = await this.#handlers.fetch(request);
    } catch (error) {
      return this.#done(id, { serve: "response-error", id, message: String(error) });
    }
    if (!this.#answering.has(id)) return void response?.body?.cancel();
    const { upgrade } = answering;
    const body = upgrade ? null : (response?.body ?? null);
    if (body) answering.responseBody = body.getReader() as ReadableStreamDefaultReader<Uint8Array>;
    else this.#answering.delete(id);
    this.#post({
      serve: "response",
      id,
      status: response?.status ?? 200,
      statusText: response?.statusText ?? "",
      headers: response ? [...response.headers] : [],
      hasBody: body !== null,
      ...(upgrade ? { upgrade } : {}),
    });
  }

  #done(id: number, message: WorkerServeMessage): void {
    this.#answering.delete(id);
    this.#post(message);
  }

  #socketEvent(message: Extract<HostServeMessage, { serve: "ws-event" }>): void {
    let ws = this.#sockets.get(message.socket);
    if (!ws && message.introduce) {
      ws = this.#socket(message.socket, message.introduce.data, message.introduce.remoteAddress);
      this.#sockets.set(message.socket, ws);
    }
    const handlers = this.#handlers?.websocket;
    if (!ws || !handlers) return;
    if (message.event === "close") {
      ws.readyState = 3;
      this.#sockets.delete(message.socket);
      void handlers.close?.(ws, message.code ?? 1005, message.reason ?? "");
    } else if (message.event === "message") {
      void handlers.message(ws, message.message as string | Uint8Array);
    } else if (message.event === "open") void handlers.open?.(ws);
    else void handlers.drain?.(ws);
  }

  #socket(socket: number, data: unknown, remoteAddress: string) {
    const ws = {
      data,
      readyState: 1,
      remoteAddress,
      send: (message: string | Uint8Array) => this.#post({ serve: "ws-send", socket, message }),
      close: (code?: number, reason?: string) => {
        ws.readyState = 2;
        this.#post({ serve: "ws-close", socket, code, reason });
      },
    };
    return ws;
  }
}
