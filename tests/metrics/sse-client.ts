import { until } from "../support/until.ts";

/** One SSE message as the wire carried it: its fields in order, as [name, value]. */
export type SseFields = [string, string][];

/** A reading /events client: keeps the raw text and the messages split at blank lines. */
export class SseClient {
  raw = "";
  readonly messages: SseFields[] = [];
  closed = false;
  readonly #abort = new AbortController();

  private constructor() {}

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient();
    const response = await fetch(url, { headers, signal: client.#abort.signal });
    if (response.status !== 200 || !response.body) throw new Error(`status ${response.status}`);
    void client.#read(response.body);
    return client;
  }

  async #read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let pending = "";
    try {
      for await (const chunk of body) {
        const text = decoder.decode(chunk, { stream: true });
        this.raw += text;
        pending += text;
        for (let end = pending.indexOf("\n\n"); end !== -1; end = pending.indexOf("\n\n")) {
          const block = pending.slice(0, end);
          pending = pending.slice(end + 2);
          this.messages.push(
            block.split("\n").map((line): [string, string] => {
              const colon = line.indexOf(":");
              return [line.slice(0, colon), line.slice(colon + 1).replace(/^ /, "")];
            }),
          );
        }
      }
    } catch {
      // aborted by close(), or the server dropped the connection
    }
    this.closed = true;
  }

  /** The JSON of every `data:` field, in order. */
  get data(): unknown[] {
    return this.messages.flatMap((fields) =>
      fields.filter(([name]) => name === "data").map(([, value]) => JSON.parse(value)),
    );
  }

  async waitForData(count: number): Promise<void> {
    await until(
      `${count} data messages (have ${this.data.length})`,
      () => this.data.length >= count,
    );
  }

  close(): void {
    this.#abort.abort();
  }
}
