// One frame of a V8 or JavaScriptCore stack: `at fn (location:1:2)` or `at location:1:2`, where
// the location is a path or URL, perhaps versioned: `/a/b.ts?v=3`, `file:///a b/c.ts?v=3`.
const CALL = /^\s*at (.+?) \(((?:file:\/\/)?\/.*):(\d+):(\d+)\)\s*$/;
const BARE = /^\s*at ()((?:file:\/\/)?\/.*):(\d+):(\d+)\s*$/;

export interface StackFrame {
  /** The function, as the runtime names it (`setup`, `Object.start`), if it named one. */
  readonly fn?: string;
  /** As the runtime wrote it: a path or URL, perhaps with a version query. */
  readonly location: string;
  readonly line: number;
  readonly column: number;
}

/**
 * The frames of a stack that point into files, innermost first. Only the text is read, so a
 * stack rebuilt from another thread's strings (a Worker's error) parses the same. Frames of
 * the runtime's internals (`node:internal/…`, `ext:…`, `native`) name no file and are left out.
 */
export function stackFrames(error: unknown): StackFrame[] {
  const stack = (error as { stack?: unknown } | null)?.stack;
  if (typeof stack !== "string") return [];
  const frames: StackFrame[] = [];
  for (const line of stack.split("\n")) {
    const match = CALL.exec(line) ?? BARE.exec(line);
    if (!match) continue;
    frames.push({
      ...(match[1] ? { fn: match[1] } : {}),
      location: match[2] as string,
      line: Number(match[3]),
      column: Number(match[4]),
    });
  }
  return frames;
}
