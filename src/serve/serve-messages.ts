import type { UpgradeOptions } from "../runtime/http-server.ts";

/**
 * The messages that carry a serving plugin's requests, responses and WebSocket events across
 * a worker boundary. Bodies cross one chunk per `pull`, asked for by the side that reads, so
 * a body is never buffered whole and back-pressure reaches its source. Every message has a
 * `serve` key, which no other message on the port has: `isServeMessage` tells them apart.
 */
export type ServeMessage = HostServeMessage | WorkerServeMessage;

/** From the host's listener to the worker. */
export type HostServeMessage =
  | {
      readonly serve: "request";
      readonly id: number;
      readonly method: string;
      readonly url: string;
      readonly headers: readonly (readonly [string, string])[];
      readonly hasBody: boolean;
      readonly remote: {
        readonly address: string;
        readonly family: string;
        readonly port: number;
      } | null;
    }
  | { readonly serve: "request-chunk"; readonly id: number; readonly chunk: Uint8Array }
  | { readonly serve: "request-end"; readonly id: number }
  /** The host wants no more of this response: its client left, or its drain ran out. */
  | { readonly serve: "cancel"; readonly id: number }
  | { readonly serve: "response-pull"; readonly id: number }
  | {
      readonly serve: "ws-event";
      readonly socket: number;
      readonly event: "open" | "message" | "close" | "drain";
      /** The socket's data and address: sent the first time this worker hears of it. */
      readonly introduce?: { readonly data: unknown; readonly remoteAddress: string };
      readonly message?: string | Uint8Array;
      readonly code?: number;
      readonly reason?: string;
    };

/** From the worker's plugin back to the host. */
export type WorkerServeMessage =
  | {
      readonly serve: "response";
      readonly id: number;
      readonly status: number;
      readonly statusText: string;
      readonly headers: readonly (readonly [string, string])[];
      readonly hasBody: boolean;
      /** ctx.upgrade was called: the host accepts the WebSocket for this request. */
      readonly upgrade?: UpgradeOptions;
    }
  | { readonly serve: "response-chunk"; readonly id: number; readonly chunk: Uint8Array }
  | { readonly serve: "response-end"; readonly id: number }
  | { readonly serve: "response-error"; readonly id: number; readonly message: string }
  | { readonly serve: "request-pull"; readonly id: number }
  | { readonly serve: "ws-send"; readonly socket: number; readonly message: string | Uint8Array }
  | {
      readonly serve: "ws-close";
      readonly socket: number;
      readonly code?: number;
      readonly reason?: string;
    };

export const isServeMessage = (message: unknown): message is ServeMessage =>
  typeof message === "object" && message !== null && "serve" in message;
