import { HotplugError } from "../errors/hotplug-error.ts";

/** The reason a generation's signal carries when one of its hooks ran out of time. */
export class HookTimeoutError extends HotplugError {
  override name = "HookTimeoutError";
  readonly hook: string;
  readonly timeoutMs: number;

  constructor(hook: string, timeoutMs: number) {
    super("HOOK_TIMEOUT", `${hook}() did not finish within ${timeoutMs} ms`);
    this.hook = hook;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Runs one plugin hook bounded by `timeoutMs`. On time-out the generation's controller is
 * aborted so a well-behaved hook can stop; the call returns either way. A hook stuck in a
 * synchronous loop cannot be interrupted: plugins share the process.
 */
export function runHook<T>(
  hook: string,
  fn: () => T | Promise<T>,
  timeoutMs: number,
  controller: AbortController,
): Promise<T> {
  return withDeadline(Promise.resolve().then(fn), hook, timeoutMs, (error) =>
    controller.abort(error),
  );
}

/**
 * `work`, unless `timeoutMs` passes first: then a HookTimeoutError naming `hook`, and
 * `onTimeout` runs (after the time-out has won, so nothing it sets off can settle the race
 * first). The work itself is not stopped: only `onTimeout` can end it. No deadline when the
 * time-out is infinite.
 */
export function withDeadline<T>(
  work: Promise<T>,
  hook: string,
  timeoutMs: number,
  onTimeout?: (error: HookTimeoutError) => void,
): Promise<T> {
  if (!Number.isFinite(timeoutMs)) return work;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new HookTimeoutError(hook, timeoutMs);
      reject(error);
      onTimeout?.(error);
    }, timeoutMs);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
