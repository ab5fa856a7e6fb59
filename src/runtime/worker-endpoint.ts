/**
 * The host's handle on a module worker, the same on every runtime: messages both ways, one
 * notice when the worker ends on its own (an uncaught error, an exit), and termination.
 */
export interface WorkerEndpoint {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once if the worker ends by itself, with what ended it; not after terminate(). */
  onExit(listener: (error: Error) => void): void;
  terminate(): Promise<void>;
}

/** Inside a worker: its channel to the host. */
export interface HostPort {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
}

/** Calls `listener` once, then never again. */
export function once<A>(listener: (arg: A) => void): (arg: A) => void {
  let called = false;
  return (arg) => {
    if (called) return;
    called = true;
    listener(arg);
  };
}
