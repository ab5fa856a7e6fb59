// `/a/b.ts:1:2`, `/a/b.ts?v=3:1:2`, `file:///a/b.ts?v=3:1:2`: the location before line:column.
const FRAME_LOCATION = /((?:file:\/\/)?\/[^\s()]+?):(\d+):(\d+)/g;

export interface StackFrame {
  /** As the runtime wrote it: a path or URL, perhaps with a version query. */
  readonly location: string;
  readonly line: number;
  readonly column: number;
}

/** The frames of an error's stack that point into files, innermost first. */
export function stackFrames(error: unknown): StackFrame[] {
  const stack = error instanceof Error ? error.stack : undefined;
  if (!stack) return [];
  return [...stack.matchAll(FRAME_LOCATION)].map((match) => ({
    location: match[1] as string,
    line: Number(match[2]),
    column: Number(match[3]),
  }));
}
