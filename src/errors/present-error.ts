import { realpathSync } from "node:fs";
import { sep } from "node:path";
import { plainSourcePath } from "../runtime/source-path.ts";
import { buildProblems } from "./build-problems.ts";
import { cleanMessage } from "./clean-message.ts";
import { messageOf } from "./hotplug-error.ts";
import { codeFrame, type SourceLocation, sourceLine } from "./source-location.ts";
import { stackFrames } from "./stack-frames.ts";

/** DESIGN.md: a build lists up to 10 of its errors, then "and N more". */
export const MAX_BUILD_ERRORS = 10;
/** A runaway recursion in a plugin shows this many of its frames, not thousands. */
const MAX_FRAMES = 10;

export interface ReportContext {
  /** The plugins folder: frames in files under it (outside node_modules) are the plugin's own. */
  readonly root: string;
  /** The working directory: the message's paths are shown by shownPath's rule. */
  readonly cwd: string;
  /**
   * The file behind a location in a stack or message (versioned path, file URL, Deno's import
   * link). Defaults to plainSourcePath, which knows every runtime's forms.
   */
  readonly sourcePath?: (location: string) => string;
}

/** A frame of the plugin's own code; `file` is absolute. */
export interface ReportFrame {
  readonly fn?: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** One error of a failed build, with its code frame. */
export interface ReportedProblem {
  readonly message: string;
  readonly location: SourceLocation;
  readonly frame?: string;
}

/**
 * An error as a developer should see it: what, and where in their own code. Paths in
 * `location`, `stack` and `errors` are absolute (each output shows them relative to what it
 * promises); the message shows its paths by shownPath's rule.
 */
export interface ErrorReport {
  /** The error's message, cleaned; for a build with several errors, the first one's. */
  readonly message: string;
  /** The topmost place in the plugin's code: a build error's position or the innermost frame. */
  readonly location?: SourceLocation;
  /** The code frame of `location`. */
  readonly frame?: string;
  /** The plugin's own stack frames, innermost first, without hotplug's or the runtime's. */
  readonly stack: readonly ReportFrame[];
  /** A failed build's errors, the first `MAX_BUILD_ERRORS` of them (the first is `location`). */
  readonly errors: readonly ReportedProblem[];
  /** How many more build errors there were than `errors` lists. */
  readonly more: number;
}

/**
 * What a thrown value says and where, from its text alone (message, stack, and Bun's build
 * positions, read by shape), so an error rebuilt from a Worker's strings reads the same.
 */
export function presentError(error: unknown, context: ReportContext): ErrorReport {
  const sourcePath = context.sourcePath ?? plainSourcePath;
  const clean = (text: string) => cleanMessage(text, { sourcePath, cwd: context.cwd });
  const problems = buildProblems(error, sourcePath);
  if (problems.length > 0) {
    const errors = problems.slice(0, MAX_BUILD_ERRORS).map((problem) => {
      const location = withLineText(problem.location);
      const frame = codeFrame(location);
      return { message: clean(problem.message), location, ...(frame ? { frame } : {}) };
    });
    const [first] = errors as [ReportedProblem];
    return { ...first, stack: [], errors, more: problems.length - errors.length };
  }
  const own = pluginFiles(context.root);
  const stack: ReportFrame[] = [];
  for (const frame of stackFrames(error)) {
    const file = own(sourcePath(frame.location));
    if (file === undefined) continue;
    stack.push({
      ...(frame.fn ? { fn: frame.fn } : {}),
      file,
      line: frame.line,
      column: frame.column,
    });
    if (stack.length === MAX_FRAMES) break;
  }
  const message = clean(messageOf(error));
  const top = stack[0];
  if (!top) return { message, stack, errors: [], more: 0 };
  const location = withLineText({ file: top.file, line: top.line, column: top.column });
  const frame = codeFrame(location);
  return { message, location, ...(frame ? { frame } : {}), stack, errors: [], more: 0 };
}

/** The line's text as the runtime reported it, else as the file holds it now. */
function withLineText(location: SourceLocation): SourceLocation {
  if (location.lineText !== undefined) return location;
  const lineText = sourceLine(location.file, location.line);
  return lineText === undefined ? location : { ...location, lineText };
}

/**
 * Whether a file is the plugins' own code, as its path under `root`. The runtime may report a
 * symlinked plugins folder (`current -> releases/7`) by its real path: that counts too.
 */
function pluginFiles(root: string): (file: string) => string | undefined {
  const roots = new Set([root]);
  try {
    roots.add(realpathSync(root));
  } catch {
    // gone: only the path as given
  }
  return (file) => {
    if (file.includes(`${sep}node_modules${sep}`)) return undefined;
    for (const prefix of roots) {
      if (file.startsWith(`${prefix}${sep}`)) return root + file.slice(prefix.length);
    }
    return undefined;
  };
}
