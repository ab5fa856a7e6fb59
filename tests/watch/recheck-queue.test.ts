import { expect, test } from "bun:test";
import { RecheckQueue } from "../../src/watch/recheck-queue.ts";

function collecting(delayMs: number) {
  const batches: { paths: string[]; at: number }[] = [];
  let wake = () => {};
  const queue = new RecheckQueue(delayMs, (paths) => {
    batches.push({ paths, at: performance.now() });
    wake();
  });
  const next = (count: number) =>
    new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`only ${batches.length} batches`)), 2000);
      wake = () => {
        if (batches.length < count) return;
        clearTimeout(deadline);
        resolve();
      };
      wake();
    });
  return { queue, batches, next };
}

test("paths added together come back together, no sooner than the delay", async () => {
  const { queue, batches, next } = collecting(5);
  const t0 = performance.now();
  queue.add("/r/a");
  queue.add("/r/b");
  await next(1);
  expect(batches[0]?.paths).toEqual(["/r/a", "/r/b"]);
  expect((batches[0]?.at ?? 0) - t0).toBeGreaterThanOrEqual(4.5);
});

test("a path added again is due a full delay after the last add, once", async () => {
  const { queue, batches, next } = collecting(20);
  queue.add("/r/a");
  await new Promise((r) => setTimeout(r, 10));
  const readded = performance.now();
  queue.add("/r/a");
  queue.add("/r/b");
  await next(1);
  expect(batches).toHaveLength(1);
  expect(batches[0]?.paths).toEqual(["/r/a", "/r/b"]);
  expect((batches[0]?.at ?? 0) - readded).toBeGreaterThanOrEqual(19.5);
});

test("clear() drops everything pending", async () => {
  const { queue, batches, next } = collecting(5);
  queue.add("/r/a");
  queue.clear();
  queue.add("/r/b");
  await next(1);
  expect(batches.map((b) => b.paths)).toEqual([["/r/b"]]);
});
