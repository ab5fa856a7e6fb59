import { dirname, sep } from "node:path";
import { ReloadError, type SourceLocation } from "./reload-error.ts";
import { HookTimeoutError } from "./run-hook.ts";
import { stackFrames } from "./stack-locations.ts";

export interface ImportFailureContext {
  readonly pluginName: string;
  readonly entryPath: string;
  /** The plugins folder. */
  readonly root: string;
  /** The file on disk behind a stack frame's location (the runtime knows its specifiers). */
  readonly sourcePath: (location: string) => string;
  readonly show: (file: string) => string;
}

/**
 * Why an import failed, as the user should read it: where (a syntax error's position, else the
 * innermost stack frame in the plugins folder, else the entry) and what, without the version
 * queries and absolute paths the loader's specifiers put into the runtime's message.
 */
export function importFailure(cause: unknown, context: ImportFailureContext): ReloadError {
  const location = syntaxPosition(cause) ?? thrownAt(cause, context);
  const where = location
    ? `${context.show(location.file)}:${location.line}:${location.column}`
    : context.show(context.entryPath);
  const raw = cause instanceof Error ? cause.message : String(cause);
  const message = raw.replace(/\?v=\d+/g, "").replaceAll(`${dirname(context.root)}${sep}`, "");
  return new ReloadError(`${context.pluginName}: ${where}: ${message}`, {
    pluginName: context.pluginName,
    phase: "import",
    cause,
    timedOut: cause instanceof HookTimeoutError,
    file: location?.file ?? context.entryPath,
    ...(location ? { location } : {}),
  });
}

/** Bun's BuildMessage carries the position of a syntax error, with the line's text. */
function syntaxPosition(error: unknown): SourceLocation | undefined {
  const position = (error as { position?: Partial<SourceLocation> | null } | null)?.position;
  if (!position?.file || !position.line) return undefined;
  return {
    file: position.file,
    line: position.line,
    column: position.column ?? 0,
    ...(position.lineText ? { lineText: position.lineText } : {}),
  };
}

/** A throw during evaluation: the innermost frame in the plugins folder, e.g. a helper. */
function thrownAt(error: unknown, context: ImportFailureContext): SourceLocation | undefined {
  for (const frame of stackFrames(error)) {
    const file = context.sourcePath(frame.location);
    if (file.startsWith(`${context.root}${sep}`))
      return { file, line: frame.line, column: frame.column };
  }
  return undefined;
}
