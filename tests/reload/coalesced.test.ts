import { describe, expect, test } from "bun:test";
import { Coalesced } from "../../src/reload/coalesced.ts";

/** A task whose runs the test ends by hand, one at a time, in order. */
function manualTask() {
  const runs: { resolve(value: string): void; reject(error: Error): void }[] = [];
  let active = 0;
  let overlapped = false;
  const task = () =>
    new Promise<string>((resolve, reject) => {
      active++;
      overlapped ||= active > 1;
      const n = runs.length + 1;
      const done = () => active--;
      runs.push({
        resolve: (value) => {
          done();
          resolve(`${value} (run ${n})`);
        },
        reject: (error) => {
          done();
          reject(error);
        },
      });
    });
  return {
    task,
    runs,
    get overlapped() {
      return overlapped;
    },
  };
}

/** Lets queued promise callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("Coalesced", () => {
  test("requests during a run share exactly one more run, started after the first ends", async () => {
    const manual = manualTask();
    const coalesced = new Coalesced(manual.task);
    const first = coalesced.run();
    const second = coalesced.run();
    const third = coalesced.run();
    const fourth = coalesced.run();
    await settle();
    expect(manual.runs).toHaveLength(1);
    expect(second).toBe(third);
    expect(third).toBe(fourth);
    manual.runs[0]?.resolve("synced");
    expect(await first).toBe("synced (run 1)");
    await settle();
    expect(manual.runs).toHaveLength(2);
    manual.runs[1]?.resolve("synced");
    expect(await second).toBe("synced (run 2)");
    expect(manual.overlapped).toBe(false);
  });

  test("a request during the queued run gets one more run after it", async () => {
    const manual = manualTask();
    const coalesced = new Coalesced(manual.task);
    void coalesced.run();
    const queued = coalesced.run();
    manual.runs[0]?.resolve("a");
    await settle();
    expect(manual.runs).toHaveLength(2);
    // The queued run is running now: a new request waits for it, then runs again.
    const later = coalesced.run();
    expect(later).not.toBe(queued);
    manual.runs[1]?.resolve("b");
    expect(await queued).toBe("b (run 2)");
    await settle();
    expect(manual.runs).toHaveLength(3);
    manual.runs[2]?.resolve("c");
    expect(await later).toBe("c (run 3)");
  });

  test("a failing run fails its callers only; the queued run still runs", async () => {
    const manual = manualTask();
    const coalesced = new Coalesced(manual.task);
    const failing = coalesced.run();
    const queued = coalesced.run();
    manual.runs[0]?.reject(new Error("disk gone"));
    await expect(failing).rejects.toThrow("disk gone");
    await settle();
    manual.runs[1]?.resolve("recovered");
    expect(await queued).toBe("recovered (run 2)");
  });

  test("a request made as the run ends, before the queued run starts, shares the queued run", async () => {
    const manual = manualTask();
    const coalesced = new Coalesced(manual.task);
    const first = coalesced.run();
    let asFirstEnds: Promise<string> | undefined;
    // Registered before the queued run's own wait on the first: it runs first when that ends.
    void first.then(() => {
      asFirstEnds = coalesced.run();
    });
    const queued = coalesced.run();
    manual.runs[0]?.resolve("a");
    await settle();
    expect(asFirstEnds).toBe(queued);
    expect(manual.overlapped).toBe(false);
    expect(manual.runs).toHaveLength(2);
    manual.runs[1]?.resolve("b");
    expect(await queued).toBe("b (run 2)");
  });

  test("with nothing running, a request starts a run at once", async () => {
    const manual = manualTask();
    const coalesced = new Coalesced(manual.task);
    const first = coalesced.run();
    manual.runs[0]?.resolve("one");
    await first;
    const second = coalesced.run();
    expect(manual.runs).toHaveLength(2);
    manual.runs[1]?.resolve("two");
    expect(await second).toBe("two (run 2)");
  });
});
