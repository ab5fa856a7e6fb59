import { join } from "node:path";
import type { ListenAddress } from "../runtime/http-server.ts";
import type { Runtime } from "../runtime/runtime.ts";

/** The test host's runtime, and where its serving plugin's listener really is. */
export interface FreeListeners {
  readonly runtime: Runtime;
  /** The address the open listener is bound at; undefined while none is open. */
  readonly bound: ListenAddress | undefined;
}

/**
 * `runtime`, with every listener bound on a free port of the host plugin.json names (a Unix
 * socket: in `socketDir`), so a test never collides with a `hotplug dev` of the same plugin,
 * nor with another test. Each server says it is at the address asked for: the host then keeps
 * the listener across reloads, as it keeps the one at plugin.json's address.
 */
export function freeListeners(runtime: Runtime, socketDir: string): FreeListeners {
  let bound: ListenAddress | undefined;
  let sockets = 0;
  const serve: Runtime["serve"] = async (options) => {
    const asked = options.address;
    const free: ListenAddress =
      "unix" in asked
        ? { unix: join(socketDir, `.listener-${++sockets}.sock`) }
        : { hostname: asked.hostname, port: 0 };
    const server = await runtime.serve({ ...options, address: free });
    const real = server.address;
    bound = real;
    return {
      address: asked,
      async close() {
        await server.close();
        if (bound === real) bound = undefined;
      },
    };
  };
  return {
    runtime: { ...runtime, serve },
    get bound() {
      return bound;
    },
  };
}

/** A URL a client reaches a TCP address by (a wildcard host is reached on loopback). */
export function urlOf(address: ListenAddress | undefined): string | undefined {
  if (!address || "unix" in address) return undefined;
  const { hostname, port } = address;
  const host =
    hostname === "0.0.0.0"
      ? "127.0.0.1"
      : hostname === "::"
        ? "[::1]"
        : hostname.includes(":")
          ? `[${hostname}]`
          : hostname;
  return `http://${host}:${port}/`;
}
