import { once, type WorkerEndpoint } from "./worker-endpoint.ts";

interface WebWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  addEventListener(type: string, listener: (event: Event) => void): void;
}

/**
 * A web-standard module Worker (Bun, Deno). Bun reports a worker that ended with a `close`
 * event holding its exit code; Deno reports nothing, so the bootstrap says so itself before
 * it exits (worker-host-port.ts). An error that reaches the worker's top level is an `error`.
 */
export function webWorker(url: URL, name: string): WorkerEndpoint {
  const Ctor = (
    globalThis as unknown as { Worker: new (url: string, options: object) => WebWorker }
  ).Worker;
  const worker = new Ctor(url.href, { type: "module", name });
  let exitListener: (error: Error) => void = () => {};
  let terminated = false;
  const exited = once((error: Error) => {
    if (!terminated) exitListener(error);
  });
  worker.addEventListener("error", (event) => {
    event.preventDefault();
    const { error, message } = event as ErrorEvent;
    exited(error instanceof Error ? error : new Error(message || `${name}: worker failed`));
  });
  worker.addEventListener("close", (event) => {
    const code = (event as Event & { code?: number }).code ?? 0;
    exited(new Error(`the worker exited with code ${code}`));
  });
  return {
    post: (message) => worker.postMessage(message),
    onMessage: (listener) =>
      worker.addEventListener("message", (event) => listener((event as MessageEvent).data)),
    onExit: (listener) => {
      exitListener = listener;
    },
    async terminate() {
      terminated = true;
      worker.terminate();
    },
  };
}
