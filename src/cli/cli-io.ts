/** What the CLI touches of its process, so only cli.ts reaches for `process` directly. */
export interface CliIo {
  stdout(text: string): void;
  /** Whether text on stdout may be coloured (`--help`): DESIGN.md's rule, see useColor. */
  readonly stdoutColor: boolean;
  stdin: (NodeJS.ReadableStream & { isTTY?: boolean }) | undefined;
  /** Calls `handler` on SIGINT and SIGTERM, with how many such signals arrived so far. */
  onSignals(handler: (signal: string, count: number) => void): void;
  /** Calls `handler` on SIGHUP: re-read the plugins from disk, like nginx's reload. */
  onHangup(handler: () => void): void;
  /** Calls `handler` with every uncaught exception and unhandled rejection. */
  onUncaught(handler: (error: unknown) => void): void;
  exit(code: number): never;
}
