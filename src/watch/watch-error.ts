import { HotplugError } from "../hotplug-error.ts";

export type WatchErrorCode = "WATCH_NATIVE_FAILED" | "WATCH_ROOT_MISSING" | "WATCH_ROOT_REMOVED";

/** Sorted by errno `code`: messages differ between runtimes and versions, codes do not. */
const ERRNO_REASONS: Readonly<Record<string, string>> = {
  ENOSPC: "inotify watch limit reached",
  EMFILE: "too many open files",
  ENFILE: "too many open files in the system",
  EPERM: "operation not permitted",
  EACCES: "permission denied",
  ENOTDIR: "root is not a directory",
  ERR_FEATURE_UNAVAILABLE_ON_PLATFORM: "recursive watching unsupported on this platform",
};

/** Why a backend stopped; `message` is the reason reported with a fallback. */
export class WatchError extends HotplugError {
  override name = "WatchError";
  declare readonly code: WatchErrorCode;
  readonly errno: string | undefined;

  constructor(code: WatchErrorCode, reason: string, options?: ErrorOptions & { errno?: string }) {
    super(code, reason, options);
    this.errno = options?.errno;
  }

  /** The root is gone: polling can wait for it and hand back to native when it returns. */
  get rootGone(): boolean {
    return this.code !== "WATCH_NATIVE_FAILED";
  }
}

function errnoOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

export function toWatchError(error: unknown): WatchError {
  if (error instanceof WatchError) return error;
  const errno = errnoOf(error);
  if (errno === "ENOENT")
    return new WatchError("WATCH_ROOT_MISSING", "root missing", { cause: error, errno });
  const reason = errno ? `${errno}: ${ERRNO_REASONS[errno] ?? "native watcher failed"}` : "";
  const fallback = error instanceof Error ? error.message : String(error);
  return new WatchError("WATCH_NATIVE_FAILED", reason || fallback, { cause: error, errno });
}

export function rootRemoved(): WatchError {
  return new WatchError("WATCH_ROOT_REMOVED", "root removed");
}

export function rootMissing(): WatchError {
  return new WatchError("WATCH_ROOT_MISSING", "root missing");
}
