import { describe, expect, test } from "bun:test";
import { type ReloadJob, ReloadScheduler } from "../../src/reload/reload-scheduler.ts";

/** A run() whose jobs finish only when the test says so. */
function controlledRun() {
  const started: ReloadJob<string>[] = [];
  const finishers = new Map<string, () => void>();
  const run = (job: ReloadJob<string>) =>
    new Promise<void>((resolve) => {
      started.push({ ...job, files: new Set(job.files) });
      finishers.set(job.key, resolve);
    });
  const finish = async (key: string) => {
    const resolve = finishers.get(key);
    if (!resolve) throw new Error(`${key} is not running`);
    finishers.delete(key);
    resolve();
    await Bun.sleep(0); // let the scheduler's finally() run: a turn of the event loop, not a wait
  };
  return { started, finish, run, running: () => [...finishers.keys()] };
}

const noDeps = () => [];

describe("ReloadScheduler", () => {
  test("work arriving for a running key becomes exactly one follow-up with every file", async () => {
    const c = controlledRun();
    const scheduler = new ReloadScheduler({ concurrency: 4, run: c.run, dependenciesOf: noDeps });
    scheduler.enqueue("a", "change", ["a/1.ts"]);
    for (let i = 0; i < 50; i++) scheduler.enqueue("a", "change", [`a/${i % 3}.ts`]);
    expect(c.started.map((job) => job.key)).toEqual(["a"]);
    expect(scheduler.queueLength).toBe(1);
    await c.finish("a");
    expect(c.started.map((job) => job.key)).toEqual(["a", "a"]);
    expect([...(c.started[1]?.files ?? [])].sort()).toEqual(["a/0.ts", "a/1.ts", "a/2.ts"]);
    await c.finish("a");
    expect(c.started).toHaveLength(2);
    await scheduler.idle();
  });

  test("never more than `concurrency` at once; the rest queue and all run", async () => {
    const c = controlledRun();
    const scheduler = new ReloadScheduler({ concurrency: 3, run: c.run, dependenciesOf: noDeps });
    const keys = Array.from({ length: 10 }, (_, i) => `p${i}`);
    const done = keys.map((key) => scheduler.enqueue(key, "change"));
    expect(c.running()).toHaveLength(3);
    expect(scheduler.queueLength).toBe(7);
    while (c.running().length > 0) {
      expect(c.running().length).toBeLessThanOrEqual(3);
      await c.finish(c.running()[0] as string);
    }
    await Promise.all(done);
    expect(c.started.map((job) => job.key)).toEqual(keys);
    expect(scheduler.maxActive).toBe(3);
  });

  test("dependents start after their dependencies, each once", async () => {
    const c = controlledRun();
    const deps: Record<string, string[]> = { a: [], b: ["a"], c: ["a", "b"] };
    const scheduler = new ReloadScheduler({
      concurrency: 4,
      run: c.run,
      dependenciesOf: (key: string) => deps[key] ?? [],
    });
    scheduler.enqueue("a", "change");
    scheduler.enqueue("c", "dependency");
    scheduler.enqueue("b", "dependency");
    scheduler.enqueue("c", "dependency");
    expect(c.running()).toEqual(["a"]);
    await c.finish("a");
    expect(c.running()).toEqual(["b"]);
    await c.finish("b");
    expect(c.running()).toEqual(["c"]);
    await c.finish("c");
    expect(c.started.map((job) => job.key)).toEqual(["a", "b", "c"]);
  });

  test("a change absorbs a queued dependency restart", async () => {
    const c = controlledRun();
    const scheduler = new ReloadScheduler({ concurrency: 1, run: c.run, dependenciesOf: noDeps });
    scheduler.enqueue("x", "change");
    scheduler.enqueue("y", "dependency");
    scheduler.enqueue("y", "change", ["y/index.ts"]);
    scheduler.enqueue("y", "dependency");
    await c.finish("x");
    expect(c.started[1]).toMatchObject({ key: "y", cause: "change" });
    await c.finish("y");
  });

  test("a run that throws frees its slot and resolves its waiters", async () => {
    let calls = 0;
    const scheduler = new ReloadScheduler<string>({
      concurrency: 1,
      run: async () => {
        calls++;
        throw new Error("boom");
      },
      dependenciesOf: noDeps,
    });
    await scheduler.enqueue("a", "manual");
    await scheduler.enqueue("b", "manual");
    expect(calls).toBe(2);
    expect(scheduler.active).toBe(0);
  });

  test.each([0, -1, 1.5, Number.NaN])("concurrency %p is refused", (concurrency) => {
    expect(
      () => new ReloadScheduler({ concurrency, run: async () => {}, dependenciesOf: noDeps }),
    ).toThrow(RangeError);
  });
});

describe("ReloadScheduler.pause", () => {
  test("queues work while paused and runs it, merged, on resume", async () => {
    const c = controlledRun();
    const scheduler = new ReloadScheduler({ concurrency: 2, run: c.run, dependenciesOf: noDeps });
    scheduler.pause();
    scheduler.enqueue("a", "change", ["a/1.ts"]);
    scheduler.enqueue("a", "change", ["a/2.ts"]);
    expect(c.started).toEqual([]);
    scheduler.resume();
    expect(c.started).toHaveLength(1);
    expect([...(c.started[0]?.files ?? [])]).toEqual(["a/1.ts", "a/2.ts"]);
    await c.finish("a");
  });
});
