import { afterEach, beforeEach } from "bun:test";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { PluginsDir } from "./plugin-fixture.ts";

export const REPO = join(import.meta.dir, "..", "..");
export const CLI = join(REPO, "src", "cli.ts");

/** Runs the real CLI to completion. */
export function runCli(args: string[], cwd = REPO, timeoutMs = 20_000) {
  return runCommand(["bun", CLI, ...args], cwd, timeoutMs);
}

/** Runs `command` to completion, killed at the deadline. */
export async function runCommand(command: string[], cwd: string, timeoutMs = 20_000) {
  const proc = Bun.spawn(command, {
    cwd,
    stdout: "pipe",
    stderr: "pipe",
    stdin: "ignore",
  });
  const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  clearTimeout(timer);
  return { stdout, stderr, code };
}

const started = new Set<CliProcess>();

/** Kills every CliProcess still running, for afterEach: a failed test's host must not outlive it. */
export async function killLeftovers(): Promise<void> {
  const running = [...started].filter((cli) => cli.proc.exitCode === null);
  started.clear();
  await Promise.all(running.map((cli) => cli.stop("SIGKILL")));
}

/**
 * A fresh plugins folder for each test of a file that runs the CLI; after each, every CLI
 * process still running is killed (a failed test's host must not outlive it), then the folder
 * is removed.
 */
export function useCliPluginsDir(): { readonly dir: PluginsDir } {
  const fixture = { dir: undefined as unknown as PluginsDir };
  beforeEach(async () => {
    fixture.dir = await PluginsDir.create();
  });
  afterEach(async () => {
    await killLeftovers();
    await fixture.dir.dispose();
  });
  return fixture;
}

export interface CliProcessOptions {
  /**
   * Runs the command as the leader of its own process group, and signals the whole group, as
   * a terminal's Ctrl-C does: `bun run` and the hotplug it started both get each signal.
   */
  readonly group?: boolean;
}

/**
 * A long-running CLI process (`dev`, `run`) whose stdout JSON lines are parsed as they come,
 * with waits bounded by a deadline.
 */
export class CliProcess {
  readonly proc: Subprocess<"ignore", "pipe", "pipe">;
  readonly events: Record<string, unknown>[] = [];
  readonly stdoutLines: string[] = [];
  stderr = "";
  readonly #group: boolean;
  #wake: (() => void)[] = [];

  constructor(command: string[], cwd = REPO, { group = false }: CliProcessOptions = {}) {
    this.#group = group;
    this.proc = Bun.spawn(command, {
      cwd,
      stdout: "pipe",
      stderr: "pipe",
      stdin: "ignore",
      detached: group,
    });
    started.add(this);
    void this.#read(this.proc.stdout, (line) => {
      this.stdoutLines.push(line);
      try {
        this.events.push(JSON.parse(line));
      } catch {
        this.events.push({ type: "<not JSON>", line }); // --json promises nothing else on stdout
      }
    });
    void this.#read(this.proc.stderr, (line) => {
      this.stderr += `${line}\n`;
    });
  }

  static cli(args: string[], cwd = REPO): CliProcess {
    return new CliProcess(["bun", CLI, ...args], cwd);
  }

  async #read(stream: ReadableStream<Uint8Array>, onLine: (line: string) => void) {
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of stream) {
      buffer += decoder.decode(chunk, { stream: true });
      for (let nl = buffer.indexOf("\n"); nl !== -1; nl = buffer.indexOf("\n")) {
        onLine(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
      }
      for (const wake of this.#wake.splice(0)) wake();
    }
    for (const wake of this.#wake.splice(0)) wake();
  }

  /** Waits for the first event from `from` on matching `match`; fails at the deadline with what was seen. */
  async waitFor(
    match: (event: Record<string, unknown>) => boolean,
    { from = 0, timeoutMs = 10_000 } = {},
  ): Promise<Record<string, unknown>> {
    let found: Record<string, unknown> | undefined;
    await this.#until(
      () => {
        found = this.events.slice(from).find(match);
        return found !== undefined;
      },
      timeoutMs,
      () =>
        `event not seen within ${timeoutMs} ms\nstdout:\n${this.stdoutLines.join("\n")}\nstderr:\n${this.stderr}`,
    );
    return found as Record<string, unknown>;
  }

  /** Waits until stderr contains `text`; fails at the deadline. */
  waitForStderr(text: string, timeoutMs = 10_000): Promise<void> {
    return this.#until(
      () => this.stderr.includes(text),
      timeoutMs,
      () => `stderr never showed ${JSON.stringify(text)}:\n${this.stderr}`,
    );
  }

  /** Re-checks `done` as output arrives; fails at the deadline, or once the process has exited. */
  async #until(done: () => boolean, timeoutMs: number, failure: () => string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline || this.proc.exitCode !== null) throw new Error(failure());
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, Math.max(1, deadline - Date.now()));
        this.#wake.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
  }

  get mark(): number {
    return this.events.length;
  }

  /** Sends `signal` to the process, or to its whole group (`group`) while any of it runs. */
  kill(signal: NodeJS.Signals): void {
    if (!this.#group) {
      this.proc.kill(signal);
      return;
    }
    try {
      process.kill(-this.proc.pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error; // the group is gone
    }
  }

  /** Sends `signal` and waits for the exit code, killing the process at the deadline. */
  async stop(signal: NodeJS.Signals = "SIGINT", timeoutMs = 10_000): Promise<number> {
    this.kill(signal);
    const timer = setTimeout(() => this.kill("SIGKILL"), timeoutMs);
    const code = await this.proc.exited;
    clearTimeout(timer);
    // A group's other members (the hotplug under `bun run`) must not outlive the test either.
    if (signal === "SIGKILL") this.kill("SIGKILL");
    return code;
  }
}
