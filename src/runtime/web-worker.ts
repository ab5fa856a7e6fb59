import { exitedWith, exitNotice, isExitMessage, type WorkerEndpoint } from "./worker-endpoint.ts";

interface WebWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  addEventListener(type: string, listener: (event: Event) => void): void;
}

/**
 * A web-standard module Worker (Bun, Deno). Bun reports a worker that ended with a `close`
 * event holding its exit code; Deno reports nothing, so the bootstrap posts an ExitMessage
 * itself before it exits (worker-host-port.ts). An error that reaches the worker's top level
 * is an `error`.
 */
export function webWorker(url: URL, name: string): WorkerEndpoint {
  const Ctor = (
    globalThis as unknown as { Worker: new (url: string, options: object) => WebWorker }
  ).Worker;
  const worker = new Ctor(url.href, { type: "module", name });
  const exit = exitNotice();
  worker.addEventListener("error", (event) => {
    event.preventDefault();
    const { error, message } = event as ErrorEvent;
    exit.ended(error instanceof Error ? error : new Error(message || `${name}: worker failed`));
  });
  worker.addEventListener("close", (event) => {
    exit.ended(exitedWith((event as Event & { code?: number }).code ?? 0));
  });
  worker.addEventListener("message", (event) => {
    const { data } = event as MessageEvent;
    if (isExitMessage(data)) exit.ended(exitedWith(data.hotplugWorkerExit));
  });
  return {
    post: (message) => worker.postMessage(message),
    onMessage: (listener) =>
      worker.addEventListener("message", (event) => {
        const { data } = event as MessageEvent;
        if (!isExitMessage(data)) listener(data);
      }),
    onExit: exit.onExit,
    async terminate() {
      exit.terminating();
      worker.terminate();
    },
  };
}
