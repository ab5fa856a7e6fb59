import type { Clock } from "../schedule/clock.ts";

/** What the CLI touches of its process, so only cli.ts reaches for `process` directly. */
export interface CliIo {
  stdout(text: string): void;
  /** Whether text on stdout may be coloured (`--help`): DESIGN.md's rule, see useColor. */
  readonly stdoutColor: boolean;
  stdin: (NodeJS.ReadableStream & { isTTY?: boolean }) | undefined;
  /**
   * Calls `handler` once per press of Ctrl-C (SIGINT, SIGTERM; see SignalPresses), with how
   * many presses there were so far.
   */
  onSignals(handler: (signal: string, count: number) => void): void;
  /** Calls `handler` on SIGHUP: re-read the plugins from disk, like nginx's reload. */
  onHangup(handler: () => void): void;
  /** Calls `handler` with every uncaught exception and unhandled rejection. */
  onUncaught(handler: (error: unknown) => void): void;
  exit(code: number): never;
}

/**
 * Signals that arrive less than this long after the first signal of a press belong to that
 * press. A terminal sends Ctrl-C to its whole foreground process group, and a parent in that
 * group (`bun run`, npm, a shell script) passes its own copy on too: one key press reaches
 * hotplug as two SIGINTs a fraction of a millisecond apart. A person pressing again to get out
 * at once does so after reading "stopping": well past half a second.
 */
export const SAME_PRESS_MS = 500;

/**
 * Turns stop signals into presses: a signal starts a new press only when SAME_PRESS_MS have
 * passed since the first signal of the last one (measured from its first, so a stream of
 * signals still counts as a second press half a second on).
 */
export class SignalPresses {
  readonly #clock: Pick<Clock, "now">;
  #presses = 0;
  #pressedAt = Number.NEGATIVE_INFINITY;

  constructor(clock: Pick<Clock, "now">) {
    this.#clock = clock;
  }

  /** A signal arrived: the number of the press it starts, or undefined if it joins the last. */
  arrived(): number | undefined {
    const now = this.#clock.now();
    if (now - this.#pressedAt < SAME_PRESS_MS) return undefined;
    this.#pressedAt = now;
    return ++this.#presses;
  }
}
