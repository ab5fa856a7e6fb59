import { statQuietly } from "../fs/stat-quietly.ts";

/**
 * How long a file must have been quiet before a failure to load it is believed (DESIGN.md:
 * "Intermediate states are not failures"). Editors and tools leave a file empty or half
 * written for a moment (truncate, then write); 50 ms covers them without delaying real errors
 * noticeably.
 */
export const SETTLE_MS = 50;

/**
 * Whether any of `files` changed within the last `SETTLE_MS` (by ctime too: `tar -x` and
 * `rsync -a` put an old mtime back). A missing file counts as settled: deletion is final.
 */
export function stillSettling(files: Iterable<string>, now = Date.now()): boolean {
  for (const file of files) {
    // Missing or unreadable: the failure stands as it is.
    const st = statQuietly(file);
    if (st && Math.max(st.mtimeMs, st.ctimeMs) > now - SETTLE_MS) return true;
  }
  return false;
}

/**
 * Tries `dirs` again, SETTLE_MS after each round (`wait` gives the time), until none of them
 * is still being written: what `sync` says of each decides.
 */
export async function untilSettled(
  dirs: readonly string[],
  wait: (ms: number) => Promise<unknown>,
  sync: (dir: string) => Promise<{ readonly kind: string }>,
): Promise<void> {
  let settling = dirs;
  while (settling.length > 0) {
    await wait(SETTLE_MS);
    const outcomes = await Promise.all(settling.map(sync));
    settling = settling.filter((_, i) => outcomes[i]?.kind === "settling");
  }
}
