import { expect, test } from "bun:test";
import { SerialLock } from "../../src/runtime/serial-lock.ts";

test("runs tasks one at a time, in arrival order, past a failed one", async () => {
  const lock = new SerialLock();
  const log: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const first = lock.run(async () => {
    log.push("first:start");
    await gate;
    log.push("first:end");
    return 1;
  });
  const failing = lock.run(async () => {
    log.push("failing");
    throw new Error("boom");
  });
  const third = lock.run(async () => {
    log.push("third");
    return 3;
  });
  await Promise.resolve();
  expect(log).toEqual(["first:start"]);
  release();
  expect(await first).toBe(1);
  expect(failing).rejects.toThrow("boom");
  expect(await third).toBe(3);
  expect(log).toEqual(["first:start", "first:end", "failing", "third"]);
});
