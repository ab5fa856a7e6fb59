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

/**
 * The "ended by itself" part of a WorkerEndpoint, the same for every kind of worker: a worker
 * can report its end twice (an `error`, then its `exit`), and its termination is no news.
 */
export function exitNotice() {
  let listener: (error: Error) => void = () => {};
  let over = false;
  return {
    /** The worker ended: the listener hears of it the first time, unless it was terminated. */
    ended(error: Error): void {
      if (over) return;
      over = true;
      listener(error);
    },
    onExit(l: (error: Error) => void): void {
      listener = l;
    },
    /** terminate() was called: from now on the worker's end is expected. */
    terminating(): void {
      over = true;
    },
  };
}

export const exitedWith = (code: number): Error => new Error(`the worker exited with code ${code}`);

/**
 * What a worker's bootstrap posts just before it exits where the runtime tells the host
 * nothing of a worker's exit (Deno): the endpoint takes it as the worker's end, not a message.
 */
export interface ExitMessage {
  readonly hotplugWorkerExit: number;
}

export const exitMessage = (code: number): ExitMessage => ({ hotplugWorkerExit: code });

export const isExitMessage = (message: unknown): message is ExitMessage =>
  typeof (message as ExitMessage | null)?.hotplugWorkerExit === "number";
