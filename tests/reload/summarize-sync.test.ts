import { expect, test } from "bun:test";
import type { SyncOutcome } from "../../src/plugin/sync-outcome.ts";
import { summarizeSync } from "../../src/reload/summarize-sync.ts";

test("the host:synced summary: names sorted by kind, unchanged counted", () => {
  const outcomes: (SyncOutcome | undefined)[] = [
    { kind: "reloaded", name: "zeta" },
    { kind: "unchanged", name: "kept" },
    { kind: "started", name: "new-b" },
    { kind: "reloaded", name: "alpha" },
    { kind: "unloaded", name: "gone" },
    { kind: "failed", name: "broken" },
    { kind: "started", name: "new-a" },
    { kind: "unchanged", name: "also-kept" },
  ];
  expect(summarizeSync(outcomes)).toEqual({
    reloaded: ["alpha", "zeta"],
    started: ["new-a", "new-b"],
    unloaded: ["gone"],
    failed: ["broken"],
    unchanged: 2,
  });
});

test("a plugin still being written counts as failed: it does not serve what is on disk yet", () => {
  expect(
    summarizeSync([
      { kind: "settling", name: "half-saved" },
      { kind: "failed", name: "broken" },
    ]),
  ).toMatchObject({ failed: ["broken", "half-saved"] });
});

test("folders that are no plugin (none) and jobs with no outcome are left out", () => {
  expect(summarizeSync([{ kind: "none" }, undefined, { kind: "none" }])).toEqual({
    reloaded: [],
    started: [],
    unloaded: [],
    failed: [],
    unchanged: 0,
  });
});
