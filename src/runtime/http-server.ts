/** Where a server listens: a TCP host and port (0: any free port), or a Unix socket path. */
export type ListenAddress =
  | { readonly port: number; readonly hostname: string }
  | { readonly unix: string };

/** Who sent a request, as Bun's `server.requestIP` tells it. */
export interface RemoteAddress {
  readonly address: string;
  readonly family: "IPv4" | "IPv6" | "";
  readonly port: number;
}

/** What `upgrade` hands the runtime: the socket's `data`, and headers for the 101 answer. */
export interface UpgradeOptions {
  readonly data?: unknown;
  readonly headers?: ConstructorParameters<typeof Headers>[0];
}

/** One request's way back to its connection, valid while its fetch handler runs. */
export interface Exchange {
  /**
   * Accepts a WebSocket for this request (as Bun's `server.upgrade`): true when upgraded; the
   * fetch handler then returns undefined. False when the request asks for no WebSocket.
   */
  upgrade(options: UpgradeOptions): boolean;
  /** The peer's address, or null (a Unix socket, or a peer already gone). */
  remote(): RemoteAddress | null;
}

/** An accepted WebSocket, the same on every runtime; `data` is what `upgrade` was given. */
export interface ServerSocket {
  readonly data: unknown;
  /** 0 connecting, 1 open, 2 closing, 3 closed, as the WebSocket standard numbers them. */
  readonly readyState: number;
  readonly remoteAddress: string;
  send(message: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
}

export interface SocketEvents {
  open(socket: ServerSocket): void;
  message(socket: ServerSocket, message: string | Uint8Array): void;
  close(socket: ServerSocket, code: number, reason: string): void;
  /** The socket can take more after a send that had to wait (Bun only). */
  drain(socket: ServerSocket): void;
}

export interface ServeOptions {
  readonly address: ListenAddress;
  /** Every request. Undefined only after `exchange.upgrade` accepted a WebSocket. */
  fetch(request: Request, exchange: Exchange): Response | undefined | Promise<Response | undefined>;
  readonly sockets: SocketEvents;
}

/** A listening server; `address` is where it is bound (the real port when 0 was asked). */
export interface HttpServer {
  readonly address: ListenAddress;
  /**
   * Stops listening and closes every connection now, WebSockets included: draining what is in
   * flight is the caller's job, done before. Resolves when the address is free again.
   */
  close(): Promise<void>;
}
