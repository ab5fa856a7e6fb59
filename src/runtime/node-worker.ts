import { Worker } from "node:worker_threads";
import { once, type WorkerEndpoint } from "./worker-endpoint.ts";

/** A node:worker_threads Worker: `exit` carries the code of a `process.exit()` in it. */
export function nodeWorker(url: URL, name: string): WorkerEndpoint {
  const worker = new Worker(url, { name });
  let exitListener: (error: Error) => void = () => {};
  let terminated = false;
  const exited = once((error: Error) => {
    if (!terminated) exitListener(error);
  });
  worker.on("error", (error: unknown) =>
    exited(error instanceof Error ? error : new Error(String(error))),
  );
  worker.on("exit", (code) => exited(new Error(`the worker exited with code ${code}`)));
  return {
    post: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.on("message", listener),
    onExit: (listener) => {
      exitListener = listener;
    },
    async terminate() {
      terminated = true;
      await worker.terminate();
    },
  };
}
