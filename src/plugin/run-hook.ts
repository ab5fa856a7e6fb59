import { HotplugError } from "../hotplug-error.ts";

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
export async function runHook<T>(
  hook: string,
  fn: () => T | Promise<T>,
  timeoutMs: number,
  controller: AbortController,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new HookTimeoutError(hook, timeoutMs);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(fn), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
