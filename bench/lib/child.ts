import type { Subprocess } from "bun";
import { track } from "./cleanup.ts";

export interface Line {
  readonly stream: "stdout" | "stderr";
  readonly text: string;
  /** performance.now() in this process when the line arrived. */
  readonly t: number;
}

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * A child process whose stdout and stderr lines are kept, stamped with their arrival time,
 * so a benchmark can wait for a marker that appeared after a given point.
 */
export class Child {
  readonly lines: Line[] = [];
  readonly #proc: Subprocess<"pipe", "pipe", "pipe">;
  #wake: (() => void)[] = [];
  #exited = false;

  constructor(cmd: string[], env: Record<string, string> = {}) {
    this.#proc = Bun.spawn(cmd, {
      stdin: "pipe",
      stdout: "pipe",
      stderr: "pipe",
      env: { ...process.env, ...env },
    });
    track(this.#proc);
    void this.#read(this.#proc.stdout, "stdout");
    void this.#read(this.#proc.stderr, "stderr");
    void this.#proc.exited.then(() => {
      this.#exited = true;
      this.#notify();
    });
  }

  get pid(): number {
    return this.#proc.pid;
  }

  async #read(stream: ReadableStream<Uint8Array>, name: Line["stream"]): Promise<void> {
    const decoder = new TextDecoder();
    let rest = "";
    for await (const chunk of stream) {
      const t = performance.now();
      rest += decoder.decode(chunk, { stream: true });
      let nl = rest.indexOf("\n");
      while (nl !== -1) {
        this.lines.push({ stream: name, text: rest.slice(0, nl), t });
        rest = rest.slice(nl + 1);
        nl = rest.indexOf("\n");
      }
      this.#notify();
    }
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = [];
    for (const done of wake) done();
  }

  /** The first line at index >= `from` that matches; rejects after `timeoutMs` or on exit. */
  async waitFor(match: (line: Line) => boolean, timeoutMs: number, from = 0): Promise<Line> {
    const deadline = performance.now() + timeoutMs;
    let i = from;
    for (;;) {
      for (; i < this.lines.length; i++) {
        const line = this.lines[i] as Line;
        if (match(line)) return line;
      }
      const left = deadline - performance.now();
      if (left <= 0 || this.#exited) {
        const tail = this.lines
          .slice(-5)
          .map((l) => l.text)
          .join(" | ");
        throw new Error(
          `${this.#exited ? "child exited" : `timed out after ${timeoutMs} ms`} waiting for a line; last: ${tail}`,
        );
      }
      await new Promise<void>((done) => {
        const timer = setTimeout(done, left);
        this.#wake.push(() => {
          clearTimeout(timer);
          done();
        });
      });
    }
  }

  /** Waits for a JSON line on stdout whose `type` is `type`. */
  async waitJson<T = Record<string, unknown>>(
    type: string,
    timeoutMs: number,
    from = 0,
    extra: (value: Record<string, unknown>) => boolean = () => true,
  ): Promise<{ value: T; t: number }> {
    let parsed: Record<string, unknown> | undefined;
    const line = await this.waitFor(
      (l) => {
        parsed = parseJson(l);
        return parsed?.type === type && extra(parsed);
      },
      timeoutMs,
      from,
    );
    return { value: parseJson(line) as T, t: line.t };
  }

  /** Every stdout JSON object so far, with its arrival time. */
  json(from = 0): { value: Record<string, unknown>; t: number }[] {
    const out: { value: Record<string, unknown>; t: number }[] = [];
    for (const line of this.lines.slice(from)) {
      const value = parseJson(line);
      if (value) out.push({ value, t: line.t });
    }
    return out;
  }

  send(text: string): void {
    this.#proc.stdin.write(`${text}\n`);
    this.#proc.stdin.flush();
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 3000): Promise<void> {
    if (this.#exited) return;
    this.#proc.kill("SIGTERM");
    const timer = setTimeout(() => this.#proc.kill("SIGKILL"), graceMs);
    await this.#proc.exited;
    clearTimeout(timer);
  }
}

/** The CPU time (user + system, ms) of a bench/children/host.ts child, asked on its stdin. */
export async function hostCpuMs(child: Child): Promise<number> {
  const from = child.lines.length;
  child.send("cpu");
  const { value } = await child.waitJson<{ user: number; system: number }>("bench:cpu", 5000, from);
  return (value.user + value.system) / 1000;
}

function parseJson(line: Line): Record<string, unknown> | undefined {
  if (line.stream !== "stdout" || !line.text.startsWith("{")) return undefined;
  try {
    return JSON.parse(line.text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export const BUN = process.execPath;
