import { Server as HttpServer } from "node:http";
import { Server as HttpsServer } from "node:https";
import { Server as NetServer } from "node:net";
import { Server as TlsServer } from "node:tls";
import { replaceFunction, undoAll } from "./replace-property.ts";

/** A server someone opened, as the leftovers recorder sees it (src/leftovers/). */
export interface WatchedServer {
  /** Where it listens, as a user would name it: `http://127.0.0.1:3000/`, `127.0.0.1:4000`. */
  address(): string;
  /** False once it no longer listens by a path no patch saw (a listen that failed, say). */
  isOpen(): boolean;
  /** Stops it listening and drops its open connections. */
  close(): void;
}

export interface ServerWatch {
  /**
   * A server began to listen. Called inside the call that opened it, so the opener's frames
   * are on the stack. Returns what to call once its owner has closed it.
   */
  opened(server: WatchedServer): () => void;
}

/** How a runtime's own serve function (`Bun.serve`, `Deno.serve`) closes what it returns. */
export interface ServeShape {
  /** The method that closes a server, with its arguments: Bun's `stop(true)` drops connections. */
  readonly close: readonly [method: string, ...args: unknown[]];
  /** How the owner's own close shows: a call of this method, or this promise settling. */
  readonly closedBy: { readonly call: string } | { readonly promise: string };
}

type Listen = (this: NetServer, ...args: unknown[]) => unknown;
type AnyServer = Record<string, unknown>;

/** One per patch set: a `node:http` listen that calls `Bun.serve` inside is one server, not two. */
interface Nesting {
  depth: number;
}

/**
 * Reports every server opened from now on to `watch`, until the returned undo: `node:net`,
 * `node:http`, `node:https` and `node:tls` servers that listen, and those of the runtime's own
 * `serve` function when `owner` has one. The undo puts every patched function back.
 */
export function watchServers(
  watch: ServerWatch,
  owner?: { serve?: unknown },
  shape?: ServeShape,
): () => void {
  const nesting: Nesting = { depth: 0 };
  const undos = [patchListen(watch, nesting)];
  if (owner && shape && typeof owner.serve === "function") {
    undos.push(
      patchServe(watch, nesting, owner as { serve: (...args: unknown[]) => unknown }, shape),
    );
  }
  return undoAll(undos);
}

/** Each server class that defines its own `listen` (Bun's `http.Server` does; Node's inherits). */
function patchListen(watch: ServerWatch, nesting: Nesting): () => void {
  const prototypes = new Set(
    [NetServer, TlsServer, HttpServer, HttpsServer]
      .map((server) => server.prototype as unknown as Record<string, unknown>)
      .filter((prototype) => Object.hasOwn(prototype, "listen")),
  );
  return undoAll(
    [...prototypes].map((prototype) => {
      const listen = prototype.listen as Listen;
      return replaceFunction(prototype, "listen", function (this: NetServer, ...args: unknown[]) {
        nesting.depth++;
        let result: unknown;
        try {
          result = listen.apply(this, args);
        } finally {
          nesting.depth--;
        }
        if (nesting.depth === 0) this.once("close", watch.opened(nodeServer(this)));
        return result;
      });
    }),
  );
}

function nodeServer(server: NetServer): WatchedServer {
  // A listen binds later (after a host name lookup): until then the server is open unless the
  // listen failed. Its `error` is watched through emit: a listener would change what an
  // unhandled error does.
  let failed = false;
  const emit = server.emit;
  server.emit = function (this: NetServer, event: string | symbol, ...args: unknown[]) {
    if (event === "error" && !server.listening) failed = true;
    return emit.call(this, event, ...args);
  } as NetServer["emit"];
  return {
    address: () => nodeAddress(server.address(), server instanceof HttpServer),
    isOpen: () => !failed,
    close() {
      // A listen still resolving its host name binds later: close it once it has.
      if (!server.listening) {
        server.once("listening", () => server.close());
        return;
      }
      server.close();
      (server as Partial<HttpServer>).closeAllConnections?.();
    },
  };
}

/** `server.address()` as a user would write it; null before a listen has bound. */
export function nodeAddress(address: ReturnType<NetServer["address"]>, http: boolean): string {
  if (address === null) return "an address not bound yet";
  if (typeof address === "string") return address;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return http ? `http://${host}:${address.port}/` : `${host}:${address.port}`;
}

function patchServe(
  watch: ServerWatch,
  nesting: Nesting,
  owner: { serve: (...args: unknown[]) => unknown },
  shape: ServeShape,
): () => void {
  const serve = owner.serve;
  return replaceFunction(owner, "serve", function (this: unknown, ...args: unknown[]) {
    const server = serve.apply(this, args) as AnyServer;
    if (nesting.depth > 0) return server; // a node:http listen already counts it
    const [method, ...closeArgs] = shape.close;
    let open = true;
    const forget = watch.opened({
      address: () => serveAddress(server),
      isOpen: () => open,
      close: () => void (server[method] as (...a: unknown[]) => unknown).apply(server, closeArgs),
    });
    const closed = () => {
      open = false;
      forget();
    };
    if ("call" in shape.closedBy) {
      const name = shape.closedBy.call;
      const close = server[name] as (...a: unknown[]) => unknown;
      server[name] = (...a: unknown[]) => {
        closed();
        return close.apply(server, a);
      };
    } else {
      void (server[shape.closedBy.promise] as Promise<unknown>).then(closed, closed);
    }
    return server;
  });
}

/** Where a `Bun.serve` (its `url`) or `Deno.serve` (its `addr`) server listens. */
export function serveAddress(server: {
  url?: unknown;
  addr?: { transport?: string; hostname?: string; port?: number; path?: string };
}): string {
  if (server.url !== undefined) return String(server.url);
  const addr = server.addr;
  if (addr?.path !== undefined) return `unix://${addr.path}`;
  return `http://${addr?.hostname}:${addr?.port}/`;
}
