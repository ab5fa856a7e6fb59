import { HotplugError } from "../errors/hotplug-error.ts";
import type { UndecodablePath } from "./undecodable-paths.ts";

export type WatchErrorCode =
  | "WATCH_NATIVE_FAILED"
  | "WATCH_ROOT_MISSING"
  | "WATCH_ROOT_REMOVED"
  | "WATCH_NAME_NOT_UTF8";

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

export interface WatchErrorOptions extends ErrorOptions {
  errno?: string | undefined;
  path?: string | undefined;
}

/**
 * Why a backend stopped (`message` is the reason reported with a fallback), or a name under the
 * root that cannot be watched (WATCH_NAME_NOT_UTF8, once per name through onUndecodable).
 */
export class WatchError extends HotplugError {
  override name = "WatchError";
  declare readonly code: WatchErrorCode;
  readonly errno: string | undefined;
  /** WATCH_NAME_NOT_UTF8: the absolute path, its bad bytes written as `\xNN`. */
  readonly path: string | undefined;

  constructor(code: WatchErrorCode, reason: string, options?: WatchErrorOptions) {
    super(code, reason, options);
    this.errno = options?.errno;
    this.path = options?.path;
  }

  /** The root is gone: polling can wait for it and hand back to native when it returns. */
  get rootGone(): boolean {
    return this.code === "WATCH_ROOT_MISSING" || this.code === "WATCH_ROOT_REMOVED";
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

/** `caf\xe9/: name is not valid UTF-8 ...`, the path relative to the root, as events are. */
export function nameNotUtf8(name: UndecodablePath): WatchError {
  const what = name.isDirectory ? "folder" : "file";
  return new WatchError(
    "WATCH_NAME_NOT_UTF8",
    `${name.rel}${name.isDirectory ? "/" : ""}: the ${what} name is not valid UTF-8, so hotplug ` +
      "cannot watch or load it; rename it",
    { path: name.path },
  );
}
