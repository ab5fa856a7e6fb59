import { resolve } from "node:path";
import type { Manifest } from "../plugin/manifest/manifest-schema.ts";
import type { ListenAddress } from "../runtime/http-server.ts";

/** plugin.json's `listen`, as written: a port, `{ port, hostname? }` or `{ unix }`. */
export type ListenSetting = NonNullable<Manifest["listen"]>;

/** Loopback unless the manifest says otherwise: a plugin is not public by accident. */
export const DEFAULT_HOSTNAME = "127.0.0.1";

const WILDCARDS = new Set(["0.0.0.0", "::", "[::]"]);
const LOCALHOST = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/** The address a `listen` setting names, defaults filled in. */
export function listenAddress(setting: ListenSetting): ListenAddress {
  if (typeof setting === "number") return { port: setting, hostname: DEFAULT_HOSTNAME };
  if ("unix" in setting) return { unix: setting.unix };
  return { port: setting.port, hostname: setting.hostname ?? DEFAULT_HOSTNAME };
}

/** `127.0.0.1:3000`, `[::1]:3000`, `unix:/run/app.sock`: as logs and /status show it. */
export function formatAddress(address: ListenAddress): string {
  if ("unix" in address) return `unix:${address.unix}`;
  const host =
    address.hostname.includes(":") && !address.hostname.startsWith("[")
      ? `[${address.hostname}]`
      : address.hostname;
  return `${host}:${address.port}`;
}

/**
 * Whether two addresses cannot both be bound: the same socket path, or one TCP port on hosts
 * that overlap (equal, a wildcard such as 0.0.0.0, or two names of the loopback). Port 0
 * asks for any free port, so it never collides.
 */
export function addressesCollide(a: ListenAddress, b: ListenAddress): boolean {
  if ("unix" in a || "unix" in b) {
    return "unix" in a && "unix" in b && resolve(a.unix) === resolve(b.unix);
  }
  if (a.port === 0 || a.port !== b.port) return false;
  const [x, y] = [a.hostname.toLowerCase(), b.hostname.toLowerCase()];
  return x === y || WILDCARDS.has(x) || WILDCARDS.has(y) || (LOCALHOST.has(x) && LOCALHOST.has(y));
}

export function sameAddress(a: ListenAddress, b: ListenAddress): boolean {
  return formatAddress(a) === formatAddress(b);
}
