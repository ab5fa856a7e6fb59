/** A response whose end (sent, cancelled or failed) the listener hears of, and can force. */
export interface TrackedResponse {
  readonly response: Response;
  /** Ends the body now with an error (the runtime drops the connection): a drain ran out. */
  cut(): void;
}

/**
 * `response` with its body passed through a stream that calls `ended` once, when the body
 * has been read to its end, cancelled by the runtime (the client left) or has failed. Pulls
 * one chunk at a time, so a slow body stays slow and back-pressure reaches its source. Bun
 * still sends a Content-Length for a body that ends before the headers go out.
 */
export function trackBody(response: Response, ended: () => void): TrackedResponse {
  const body = response.body;
  if (body === null) {
    ended();
    return { response, cut() {} };
  }
  let over = false;
  const finish = () => {
    if (over) return;
    over = true;
    ended();
  };
  const reader = body.getReader();
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      async pull(c) {
        try {
          const read = await reader.read();
          if (read.done) {
            c.close();
            finish();
          } else c.enqueue(read.value);
        } catch (error) {
          c.error(error);
          finish();
        }
      },
      cancel(reason) {
        finish();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return {
    response: new Response(stream, response),
    cut() {
      if (over) return;
      controller?.error(new Error("the response outlived its generation's drain"));
      void reader.cancel().catch(() => {});
      finish();
    },
  };
}
