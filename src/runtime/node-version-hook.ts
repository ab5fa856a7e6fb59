import * as nodeModule from "node:module";

/**
 * A Node module-resolution hook (plain JavaScript: it runs in Node's hooks thread, loaded from
 * a data: URL, so it works from the bundle too). A local file imported by a module whose URL
 * carries hotplug's version query gets the same query: importing `entry.js?v=7` evaluates its
 * whole local graph anew, so an edited helper runs its new code. Packages (node_modules),
 * built-ins and specifiers that already carry a query are left alone.
 */
export const VERSION_HOOK_SOURCE = `
const VERSION = /^\\?v=\\d+$/;
export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  const parent = context.parentURL;
  const at = typeof parent === "string" && parent.startsWith("file:") ? parent.indexOf("?") : -1;
  if (at === -1) return result;
  const query = parent.slice(at).replace(/#.*$/, "");
  const url = result.url;
  if (!VERSION.test(query) || typeof url !== "string" || !url.startsWith("file:")) return result;
  if (/[?#]/.test(url) || url.includes("/node_modules/")) return result;
  return { ...result, url: url + query };
}
`;

export const VERSION_HOOK_URL = `data:text/javascript,${encodeURIComponent(VERSION_HOOK_SOURCE)}`;

interface Registered {
  done: boolean;
}
// Hooks are process-wide and cannot be removed: register once, whatever the number of runtimes.
const registered: Registered = { done: false };

/**
 * Registers the hook once per process; false where `module.register` is missing (Node before
 * 20.6), where an edited helper then keeps its old code until the process restarts.
 */
export function registerVersionHook(): boolean {
  if (registered.done) return true;
  const register = (nodeModule as { register?: (specifier: string) => void }).register;
  if (typeof register !== "function") return false;
  register(VERSION_HOOK_URL);
  registered.done = true;
  return true;
}
