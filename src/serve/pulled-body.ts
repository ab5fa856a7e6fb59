/**
 * The reading end of a body that crosses a worker boundary: a stream that asks the other side
 * for one chunk each time it is read (`askNext`), and tells it when its reader gives up.
 */
export class PulledBody {
  readonly stream: ReadableStream<Uint8Array>;
  #controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  #wake: (() => void) | undefined;
  #over = false;

  constructor(askNext: () => void, cancelled: () => void) {
    this.stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.#controller = controller;
        },
        pull: () =>
          new Promise<void>((wake) => {
            this.#wake = wake;
            askNext();
          }),
        cancel: () => {
          this.#over = true;
          cancelled();
        },
      },
      { highWaterMark: 0 },
    );
  }

  chunk(chunk: Uint8Array): void {
    if (this.#over) return;
    this.#controller?.enqueue(chunk);
    this.#woken();
  }

  end(): void {
    if (this.#over) return;
    this.#over = true;
    this.#controller?.close();
    this.#woken();
  }

  fail(error: Error): void {
    if (this.#over) return;
    this.#over = true;
    this.#controller?.error(error);
    this.#woken();
  }

  #woken(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

/** The sending end: reads the next chunk of `reader` and says what it found. */
export async function sendNext(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  send: { chunk(chunk: Uint8Array): void; end(): void; fail(error: unknown): void },
): Promise<void> {
  try {
    const read = await reader.read();
    if (read.done) send.end();
    else send.chunk(read.value);
  } catch (error) {
    send.fail(error);
  }
}
