import { Worker } from "node:worker_threads";
import { toError } from "../errors/hotplug-error.ts";
import { exitedWith, exitNotice, type WorkerEndpoint } from "./worker-endpoint.ts";

/** A node:worker_threads Worker: `exit` carries the code of a `process.exit()` in it. */
export function nodeWorker(url: URL, name: string): WorkerEndpoint {
  const worker = new Worker(url, { name });
  const exit = exitNotice();
  worker.on("error", (error: unknown) => exit.ended(toError(error)));
  worker.on("exit", (code) => exit.ended(exitedWith(code)));
  return {
    post: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.on("message", listener),
    onExit: exit.onExit,
    async terminate() {
      exit.terminating();
      await worker.terminate();
    },
  };
}
