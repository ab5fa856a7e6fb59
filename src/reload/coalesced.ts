/**
 * Runs an async task so that requests arriving while it runs share exactly one more run:
 * the nginx-style reload, where two SIGHUPs in a row give at most two syncs and the last one
 * starts after the last request.
 */
export class Coalesced<T> {
  readonly #task: () => Promise<T>;
  #running: Promise<T> | undefined;
  #queued: Promise<T> | undefined;

  constructor(task: () => Promise<T>) {
    this.#task = task;
  }

  /** Resolves with the run that started after this request. */
  run(): Promise<T> {
    // A run is queued until it starts, after the run before it has ended: a request made
    // in between (a caller of that run asking again at once) shares it rather than starting
    // another beside it.
    if (this.#queued) return this.#queued;
    const running = this.#running;
    if (!running) return this.#start();
    this.#queued = running
      .catch(() => undefined)
      .then(() => {
        this.#queued = undefined;
        return this.#start();
      });
    return this.#queued;
  }

  #start(): Promise<T> {
    const run = this.#task().finally(() => {
      if (this.#running === run) this.#running = undefined;
    });
    this.#running = run;
    return run;
  }
}
