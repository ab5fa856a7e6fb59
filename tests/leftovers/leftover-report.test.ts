import { expect, test } from "bun:test";
import { join } from "node:path";
import {
  groupLeftovers,
  type LeftoverReport,
  leftoverLines,
  leftoverWarnings,
} from "../../src/leftovers/leftover-report.ts";
import { PluginsDir } from "../support/plugin-fixture.ts";

const cwd = "/work";

test("places group by kind, then by creating line and what, most made first", () => {
  const a = { file: "/work/plugins/p/index.ts", line: 4, column: 3 };
  const b = { file: "/work/plugins/p/index.ts", line: 9, column: 5 };
  const groups = groupLeftovers([
    { kind: "server", place: { ...a, what: "http://127.0.0.1:3000/" } },
    { kind: "timeout", place: a },
    { kind: "timeout", place: b },
    { kind: "timeout", place: b },
    { kind: "interval", place: a },
  ]);
  expect(groups).toEqual([
    { kind: "interval", count: 1, places: [{ ...a, count: 1 }] },
    {
      kind: "timeout",
      count: 3,
      places: [
        { ...b, count: 2 },
        { ...a, count: 1 },
      ],
    },
    { kind: "server", count: 1, places: [{ ...a, what: "http://127.0.0.1:3000/", count: 1 }] },
  ]);
});

test("one line per kind, with the creating lines, what clear did, and no tail in warn", () => {
  const file = "/work/plugins/greeter/index.ts";
  const places = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ file, line: 10 + i, column: 3, count: 1 }));
  const report: LeftoverReport = {
    plugin: "greeter",
    generation: 3,
    mode: "clear",
    groups: [
      { kind: "interval", count: 1, places: places(1) },
      {
        kind: "timeout",
        count: 105,
        places: [{ file, line: 5, column: 3, count: 100 }, ...places(5)],
      },
      {
        kind: "process-listener",
        count: 2,
        places: [
          { file, line: 20, column: 11, what: '"SIGHUP"', count: 1 },
          { what: '"message"', count: 1 },
        ],
      },
      { kind: "global-listener", count: 1, places: [{ count: 1 }] },
      {
        kind: "server",
        count: 1,
        places: [{ file, line: 30, column: 19, what: "http://127.0.0.1:3000/", count: 1 }],
      },
      { kind: "immediate", count: 1, places: places(1) },
    ],
  };
  expect(leftoverLines(report, cwd)).toEqual([
    "greeter generation 3 left 1 interval running (plugins/greeter/index.ts:10:3); cleared it",
    "greeter generation 3 left 105 timeouts pending (plugins/greeter/index.ts:5:3 x100, plugins/greeter/index.ts:10:3, plugins/greeter/index.ts:11:3, and 3 more places); cleared them",
    'greeter generation 3 left 2 process listeners ("SIGHUP" at plugins/greeter/index.ts:20:11, "message"); removed them',
    "greeter generation 3 left 1 global event listener (outside its files); removed it",
    "greeter generation 3 left 1 server listening (http://127.0.0.1:3000/ at plugins/greeter/index.ts:30:19); closed it",
    "greeter generation 3 left 1 immediate pending (plugins/greeter/index.ts:10:3); cleared it",
  ]);
  expect(
    leftoverLines({ ...report, mode: "warn", groups: [report.groups[0] as never] }, cwd),
  ).toEqual(["greeter generation 3 left 1 interval running (plugins/greeter/index.ts:10:3)"]);
  expect(leftoverLines({ ...report, groups: [] }, cwd)).toEqual([]);
});

test("plugin:warning events: one per kind, at its most used place, with a code frame from disk", async () => {
  const dir = await PluginsDir.create();
  try {
    const file = await dir.write(
      "greeter/index.ts",
      "export default {\n  setup() { setInterval(tick, 5); },\n};\n",
    );
    const report: LeftoverReport = {
      plugin: "greeter",
      generation: 2,
      mode: "warn",
      groups: [
        { kind: "interval", count: 1, places: [{ file, line: 2, column: 13, count: 1 }] },
        { kind: "timeout", count: 1, places: [{ count: 1 }] },
      ],
    };
    const warnings = leftoverWarnings(report, { root: dir.root, cwd: join(dir.root, "..") });
    expect(warnings).toEqual([
      {
        plugin: "greeter",
        kind: "leftovers",
        message: "greeter generation 2 left 1 interval running (plugins/greeter/index.ts:2:13)",
        file: "greeter/index.ts",
        line: 2,
        column: 13,
        frame: "2 |   setup() { setInterval(tick, 5); },\n  |             ^",
      },
      {
        plugin: "greeter",
        kind: "leftovers",
        message: "greeter generation 2 left 1 timeout pending (outside its files)",
      },
    ]);
  } finally {
    await dir.dispose();
  }
});
