import { messageOf } from "../errors/hotplug-error.ts";
import { type ErrorReport, presentError } from "../errors/present-error.ts";
import { ReloadError } from "../errors/reload-error.ts";
import { shownPath } from "../errors/shown-path.ts";
import { codeFrame, type SourceLocation } from "../errors/source-location.ts";
import type { LoadRequest } from "../plugin/generation-runner.ts";
import { locateJsonModule } from "../plugin/loader/locate-json-module.ts";
import { HookTimeoutError } from "../plugin/run-hook.ts";
import type { Runtime } from "../runtime/runtime.ts";

export interface ImportFailureContext {
  readonly pluginName: string;
  readonly entryPath: string;
  /** The plugins folder. */
  readonly root: string;
  /** The working directory: messages show paths by shownPath's rule. */
  readonly cwd: string;
  /** The file on disk behind a stack frame's location (the runtime knows its specifiers). */
  readonly sourcePath: (location: string) => string;
  /** Where a syntax error is, for a runtime whose error does not say (Node's). */
  readonly locateSyntaxError?: () => Promise<SourceLocation | undefined>;
}

/**
 * Why an import failed, as the user should read it: where (a build error's position, else the
 * innermost stack frame in the plugins folder, else the entry) and what, without the version
 * queries and absolute paths the loader's specifiers put into the runtime's message. A build
 * with several errors names the first and counts the rest; the report lists them.
 */
export async function importFailure(
  cause: unknown,
  context: ImportFailureContext,
): Promise<ReloadError> {
  let report = presentError(cause, context);
  if (!report.location && context.locateSyntaxError) {
    report = withLocation(report, await context.locateSyntaxError());
  }
  const { location } = report;
  const where = location
    ? `${shownPath(location.file, context.cwd)}:${location.line}:${location.column}`
    : shownPath(context.entryPath, context.cwd);
  const others = report.errors.length - 1 + report.more;
  const count = others > 0 ? ` (and ${others} more error${others === 1 ? "" : "s"})` : "";
  return new ReloadError(`${context.pluginName}: ${where}: ${report.message}${count}`, {
    pluginName: context.pluginName,
    phase: "import",
    cause,
    timedOut: cause instanceof HookTimeoutError,
    file: location?.file ?? context.entryPath,
    report,
  });
}

/**
 * Refuses a load whose graph leads to a FIFO or a device (module-graph.ts), naming the file and
 * what it is: the runtime's import would block on it (Deno's blocks the whole host).
 */
export function refuseSpecialFiles({ loaded, graph, cwd }: LoadRequest): void {
  const [file, kind] = graph.special?.entries().next().value ?? [];
  if (file === undefined) return;
  const pluginName = loaded.manifest.name;
  const where = shownPath(file, cwd);
  throw new ReloadError(`${pluginName}: ${where}: expected a file, found ${kind}`, {
    pluginName,
    phase: "import",
    file,
  });
}

/**
 * The import of `request`'s entry failed, wherever it ran: `paths` knows how the runtime names
 * the files (its versioned specifiers) and where in the graph a syntax error is.
 */
export function loadFailure(
  cause: unknown,
  { loaded, graph, root, cwd }: LoadRequest,
  paths: Pick<Runtime, "sourcePath" | "locateSyntaxError">,
): Promise<ReloadError> {
  return importFailure(cause, {
    pluginName: loaded.manifest.name,
    entryPath: loaded.entryPath,
    root,
    sourcePath: (location) => paths.sourcePath(location),
    cwd,
    locateSyntaxError: async () =>
      (await paths.locateSyntaxError?.(cause, graph.files)) ??
      (/JSON/.test(messageOf(cause)) ? locateJsonModule(graph.files) : undefined),
  });
}

function withLocation(report: ErrorReport, location: SourceLocation | undefined): ErrorReport {
  if (!location) return report;
  const frame = codeFrame(location);
  return { ...report, location, ...(frame ? { frame } : {}) };
}
