import process from "node:process";
import { toError } from "../errors/hotplug-error.ts";
import { detectRuntimeKey } from "./runtime-key.ts";
import { exitMessage, type HostPort } from "./worker-endpoint.ts";

interface WorkerScope {
  postMessage(message: unknown): void;
  addEventListener(type: string, listener: (event: Event) => void): void;
  close(): void;
}

/**
 * Inside a plugin worker: the channel to the host, with every way the plugin's code can end
 * the worker turned into `onCrash` first: an uncaught error, an unhandled rejection, and on
 * Deno an exit or a `self.close()`, which its web Worker does not report to the host at all
 * (Bun's reports it with a `close` event, Node's with `exit`).
 */
export async function connectToHost(onCrash: (error: Error) => void): Promise<HostPort> {
  // process's handlers, not the web `error` event: on every runtime they keep the worker
  // alive, so the host can still run the plugin's stop() before it terminates the worker.
  process.on("uncaughtException", (error) => onCrash(toError(error)));
  process.on("unhandledRejection", (reason) => onCrash(toError(reason)));
  if (detectRuntimeKey() === "node") {
    // Loaded only here: it costs a Bun or Deno worker milliseconds of start-up it does not need.
    const port = (await import("node:worker_threads")).parentPort;
    if (!port) throw new TypeError("Cannot connect to the host: not inside a worker");
    return {
      post: (message) => port.postMessage(message),
      onMessage: (l) => port.on("message", l),
    };
  }
  const scope = globalThis as unknown as WorkerScope;
  const deno = (globalThis as { Deno?: { exit(code?: number): never } }).Deno;
  if (deno) {
    const exit = deno.exit.bind(deno);
    // An exit, not a crash: the worker is gone, so the host must not wait on it for stop().
    const reported = (code?: number): never => {
      const exitCode = code ?? (typeof process.exitCode === "number" ? process.exitCode : 0);
      scope.postMessage(exitMessage(exitCode));
      return exit(exitCode);
    };
    deno.exit = reported;
    process.exit = reported as typeof process.exit;
    // A web worker's own way out ends it just as silently.
    const close = scope.close.bind(scope);
    scope.close = () => {
      scope.postMessage(exitMessage(0));
      close();
    };
  }
  return {
    post: (message) => scope.postMessage(message),
    onMessage: (listener) =>
      scope.addEventListener("message", (event) => listener((event as MessageEvent).data)),
  };
}
