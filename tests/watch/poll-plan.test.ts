import { expect, test } from "bun:test";
import type { FileStat } from "../../src/fs/file-stat.ts";
import {
  COLD_CPU_SHARE,
  COLD_CYCLE_POLLS,
  PollPlan,
  RECENT_FILES,
} from "../../src/watch/poll-plan.ts";
import type { Snapshot } from "../../src/watch/snapshot.ts";
import { FakeClock } from "../schedule/fake-clock.ts";

const files = (count: number): Snapshot =>
  new Map(Array.from({ length: count }, (_, i) => [`/r/f${i}.ts`, {} as FileStat]));

test("every file is checked once per cold cycle of COLD_CYCLE_POLLS polls", () => {
  const clock = new FakeClock();
  const plan = new PollPlan(250, () => clock.now());
  const tree = files(1001);
  const checked: string[] = [];
  for (let poll = 0; poll < COLD_CYCLE_POLLS; poll++) {
    plan.cold(tree, (p) => checked.push(p));
    clock.tick(250);
  }
  expect(checked.length).toBe(1001);
  expect(new Set(checked).size).toBe(1001);
  expect(plan.cycleMs).toBe(COLD_CYCLE_POLLS * 250);
  plan.cold(tree, (p) => checked.push(p)); // a new cycle starts at the first file
  expect(checked[1001]).toBe("/r/f0.ts");
});

test("polls that come late (a slow poll, a busy loop) take bigger slices: the cycle keeps its length", () => {
  const clock = new FakeClock();
  const plan = new PollPlan(250, () => clock.now());
  const tree = files(1000);
  const slices: number[] = [];
  for (let poll = 0; poll < 3; poll++) {
    let n = 0;
    plan.cold(tree, () => n++);
    slices.push(n);
    clock.tick(500);
  }
  expect(slices).toEqual([250, 500, 250]);
});

test("a file both the host's and recently changed is checked once a poll", () => {
  const plan = new PollPlan(250);
  plan.noteChanges([{ type: "modified", path: "/r/index.ts" }]);
  const checked: string[] = [];
  plan.hot(["/r/index.ts", "/r/plugin.json"], (p) => checked.push(p));
  expect(checked.sort()).toEqual(["/r/index.ts", "/r/plugin.json"]);
});

test("on a tree too big to check in the floor cycle, the cycle stretches to stay at the CPU share", () => {
  const plan = new PollPlan(250);
  plan.cold(files(100_000), () => {}); // the cycle is set at its start, from the 2 us estimate
  const expected = (100_000 * 0.002) / COLD_CPU_SHARE;
  expect(plan.cycleMs).toBeCloseTo(expected, 0);
  expect(plan.cycleMs).toBeGreaterThan(COLD_CYCLE_POLLS * 250);
});

test("hot files: the host's and the recently changed ones, every poll; the oldest drop out", () => {
  const plan = new PollPlan(250);
  plan.noteChanges([
    { type: "modified", path: "/r/edited.ts" },
    { type: "deleted", path: "/r/gone.ts" },
    { type: "renamed", path: "/r/moved.ts", oldPath: "/r/old.ts" },
  ]);
  const checked: string[] = [];
  plan.hot(["/r/graph.ts"], (p) => checked.push(p));
  expect(checked).toEqual(["/r/graph.ts", "/r/edited.ts", "/r/moved.ts"]);
  plan.noteChanges(
    Array.from({ length: RECENT_FILES }, (_, i) => ({
      type: "created" as const,
      path: `/r/n${i}`,
    })),
  );
  const now: string[] = [];
  plan.hot(undefined, (p) => now.push(p));
  expect(now).toHaveLength(RECENT_FILES);
  expect(now).not.toContain("/r/edited.ts");
});
