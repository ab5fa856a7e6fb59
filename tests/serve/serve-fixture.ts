import { afterEach } from "bun:test";
import { createBunRuntime } from "../../src/runtime/bun-runtime.ts";
import type { ListenAddress } from "../../src/runtime/http-server.ts";
import { type ListenerOptions, PluginListener } from "../../src/serve/plugin-listener.ts";
import type { ServeTarget } from "../../src/serve/serve-target.ts";

export { until } from "../support/until.ts";

/** A promise and its resolve, for a handler that must wait until the test says so. */
export function gate<T = void>() {
  let open!: (value: T) => void;
  const opened = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

/** A target answering `generation N: <path>`, or what `respond` makes of the request. */
export function target(
  generation: number,
  respond?: (request: Request) => Response | undefined | Promise<Response | undefined>,
  websocket?: ServeTarget["websocket"],
): ServeTarget {
  return {
    generation,
    fetch:
      respond ??
      ((request) => new Response(`generation ${generation}: ${new URL(request.url).pathname}`)),
    websocket,
  };
}

/** Listeners opened with `openListener`, closed after each test. */
const opened: PluginListener[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((listener) => listener.close()));
});

export async function openListener(
  options: Partial<ListenerOptions> = {},
): Promise<PluginListener> {
  const address: ListenAddress = options.address ?? { port: 0, hostname: "127.0.0.1" };
  const listener = await PluginListener.open({
    plugin: "web",
    runtime: createBunRuntime(),
    ...options,
    address,
  });
  opened.push(listener);
  return listener;
}

/** The listener's base URL. */
export function urlOf(listener: PluginListener, path = "/"): string {
  const address = listener.address;
  if ("unix" in address) throw new TypeError("Cannot make a URL: the listener is on a Unix socket");
  return `http://${address.hostname}:${address.port}${path}`;
}

/** GET `path`: the status and the text, or the error's code when the request failed. */
export async function get(listener: PluginListener, path = "/") {
  try {
    const response = await fetch(urlOf(listener, path));
    return { status: response.status, text: await response.text(), headers: response.headers };
  } catch (error) {
    return {
      status: 0,
      text: String((error as { code?: string }).code ?? error),
      headers: new Headers(),
    };
  }
}
