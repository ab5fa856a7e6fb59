/** How far a long first scan has got: the watcher reports it so the host can show it. */
export interface ScanProgress {
  /** The real root being scanned. */
  readonly root: string;
  /** Files recorded so far. */
  readonly files: number;
  readonly elapsedMs: number;
  /** The scan is over (sent only when an earlier report said it was running). */
  readonly done: boolean;
  /** For people: "first scan: 123,456 files so far (2.0 s)". */
  readonly message: string;
}

/** A scan shorter than this says nothing; a longer one reports every REPORT_EVERY_MS. */
export const REPORT_AFTER_MS = 1_000;
const REPORT_EVERY_MS = 1_000;

const count = (n: number) => n.toLocaleString("en-US");
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export interface ProgressTracker {
  /** Between slices of the walk: reports when a report is due. Costs a clock read. */
  slice(files: number): void;
  /** After the walk: a last report, if any was made. */
  done(files: number): void;
}

export function trackProgress(
  root: string,
  onProgress: ((progress: ScanProgress) => void) | undefined,
  clock: () => number = () => performance.now(),
): ProgressTracker {
  const started = clock();
  let next = started + REPORT_AFTER_MS;
  let reported = false;
  const report = (files: number, done: boolean) => {
    const elapsedMs = clock() - started;
    const message = done
      ? `first scan: ${count(files)} files in ${seconds(elapsedMs)}`
      : `first scan: ${count(files)} files so far (${seconds(elapsedMs)})`;
    onProgress?.({ root, files, elapsedMs, done, message });
  };
  return {
    slice(files) {
      if (!onProgress || clock() < next) return;
      next += REPORT_EVERY_MS;
      reported = true;
      report(files, false);
    },
    done(files) {
      if (reported) report(files, true);
    },
  };
}
