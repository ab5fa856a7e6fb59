import { describe, expect, test } from "bun:test";
import { AUTO_WINDOWS, PendingChanges } from "../../src/reload/pending-changes.ts";
import { FakeClock } from "../schedule/fake-clock.ts";

/** A batcher at `--debounce auto` whose batches are recorded with the time they came due. */
function autoBatcher(auto = AUTO_WINDOWS) {
  const clock = new FakeClock();
  const batches: { at: number; files: string[] }[] = [];
  const batcher = new PendingChanges({
    debounce: "auto",
    maxWait: 1000,
    clock,
    auto,
    onBatch: (_, files) => void batches.push({ at: clock.now(), files }),
  });
  /** Writes `files` at the given times (ms from now), then lets everything come due. */
  const save = (writes: [at: number, file: string][]) => {
    const start = clock.now();
    for (const [at, file] of writes) {
      clock.tick(start + at - clock.now());
      batcher.add("p", [file]);
    }
    clock.tick(1000);
    return batches.splice(0).map((batch) => ({ ...batch, at: batch.at - start }));
  };
  return { clock, batcher, save };
}

describe("--debounce auto", () => {
  test("a single save is due after the short window", () => {
    const { save } = autoBatcher();
    expect(save([[0, "a.ts"]])).toEqual([{ at: AUTO_WINDOWS.base, files: ["a.ts"] }]);
  });

  test("an editor's multi-step save (all within the short window) is one batch", () => {
    const { save } = autoBatcher();
    const vim = save([
      [0, "4913"],
      [1, "a.ts~"],
      [2, "a.ts"],
      [3, "a.ts~"],
    ]);
    expect(vim).toEqual([{ at: 3 + AUTO_WINDOWS.base, files: ["4913", "a.ts~", "a.ts"] }]);
  });

  test("a formatter's rewrite 30 ms after the save teaches the window: the next such save is one batch", () => {
    const { save } = autoBatcher();
    const formatOnSave: [number, string][] = [
      [0, "a.ts"],
      [30, "a.ts"],
    ];
    expect(save(formatOnSave)).toHaveLength(2); // the first time, the host cannot know
    expect(save(formatOnSave)).toEqual([{ at: 30 + 30 + AUTO_WINDOWS.base, files: ["a.ts"] }]);
    expect(save(formatOnSave)).toHaveLength(1);
  });

  test("the learned window is forgotten after saves that did not need it", () => {
    const { save } = autoBatcher();
    save([
      [0, "a.ts"],
      [30, "a.ts"],
    ]);
    const learned = [{ at: 30 + AUTO_WINDOWS.base, files: ["a.ts"] }];
    for (let i = 0; i < AUTO_WINDOWS.forgetAfter; i++) expect(save([[0, "a.ts"]])).toEqual(learned);
    expect(save([[0, "a.ts"]])).toEqual([{ at: AUTO_WINDOWS.base, files: ["a.ts"] }]);
  });

  test("a learned window never passes its maximum", () => {
    const { save } = autoBatcher({ ...AUTO_WINDOWS, max: 20 });
    const slowFormatter: [number, string][] = [
      [0, "a.ts"],
      [40, "a.ts"],
    ];
    save(slowFormatter);
    // The window stopped at 20 ms: a rewrite 40 ms later is still a second batch.
    expect(save(slowFormatter).map((batch) => batch.at)).toEqual([20, 40 + 20]);
  });

  test("a change long after the last batch is a new save, not a tail", () => {
    const { save } = autoBatcher();
    const late: [number, string][] = [
      [0, "a.ts"],
      [AUTO_WINDOWS.base + AUTO_WINDOWS.tail + 1, "a.ts"],
    ];
    save(late);
    expect(save([[0, "a.ts"]])).toEqual([{ at: AUTO_WINDOWS.base, files: ["a.ts"] }]);
  });

  test("a plugin forgotten (unloaded) starts again from the short window", () => {
    const { batcher, save } = autoBatcher();
    save([
      [0, "a.ts"],
      [30, "a.ts"],
    ]);
    batcher.forget("p");
    expect(save([[0, "a.ts"]])).toEqual([{ at: AUTO_WINDOWS.base, files: ["a.ts"] }]);
  });
});

describe("PendingChanges.retry", () => {
  test("is due exactly after its delay, uncapped by maxWait, and keeps the files", () => {
    const clock = new FakeClock();
    const batches: { at: number; files: string[] }[] = [];
    const batcher = new PendingChanges({
      debounce: 0,
      maxWait: 0,
      clock,
      onBatch: (_, files) => void batches.push({ at: clock.now(), files }),
    });
    batcher.retry("p", ["a.ts"], 50);
    clock.tick(49);
    expect(batches).toEqual([]);
    clock.tick(1);
    expect(batches).toEqual([{ at: 50, files: ["a.ts"] }]);
  });
});

describe("PendingChanges.add with a minimum wait (a poll that saw the file written just now)", () => {
  function batcherAt(debounce: number | "auto") {
    const clock = new FakeClock();
    const due: number[] = [];
    const batcher = new PendingChanges({
      debounce,
      maxWait: 1000,
      clock,
      onBatch: () => void due.push(clock.now()),
    });
    return { clock, batcher, due };
  }

  test("never shortens a fixed --debounce", () => {
    const { clock, batcher, due } = batcherAt(100);
    batcher.add("p", ["a.ts"], 20);
    clock.tick(1000);
    expect(due).toEqual([100]);
  });

  test("lengthens a window shorter than it", () => {
    const { clock, batcher, due } = batcherAt("auto");
    batcher.add("p", ["a.ts"], 20);
    clock.tick(1000);
    expect(due).toEqual([20]);
  });
});
