import { describe, expect, test } from "bun:test";
import {
  reportLines,
  type TypeProblem,
  typecheckFailure,
  typeErrorHeadline,
  typeErrorReport,
} from "../../src/typecheck/type-error-report.ts";

const problem = (line: number): TypeProblem => ({
  location: {
    file: "/p/plugins/a/index.ts",
    line,
    column: 7,
    lineText: `const x${line}: string = 1;`,
  },
  code: 2322,
  message: "Type 'number' is not assignable to type 'string'.",
});
const twelve = Array.from({ length: 12 }, (_, i) => problem(i + 1));

describe("type error reports", () => {
  test("like a failed build: the first 10 with place and frame, then how many more", () => {
    const report = typeErrorReport(twelve);
    expect(report?.errors).toHaveLength(10);
    expect(report?.more).toBe(2);
    expect(report?.location).toEqual(twelve[0]?.location);
    if (!report) throw new Error("no report");
    const lines = reportLines(report, "/p");
    expect(lines[0]).toBe(
      "plugins/a/index.ts:1:7: TS2322: Type 'number' is not assignable to type 'string'.",
    );
    expect(lines[1]).toContain("const x1: string = 1;");
    expect(lines.at(-1)).toBe("and 2 more");
  });

  test("no problems, no report and no failure", () => {
    expect(typeErrorReport([])).toBeUndefined();
    const ok = { ok: true, plugin: [], dependents: [], durationMs: 1 };
    expect(typecheckFailure("a", ok, "/p")).toBeUndefined();
    expect(typeErrorHeadline("a", ok, "/p")).toBe("a: no type errors");
  });

  test("the headline counts the rest, and blames the dependents only when the plugin itself is clean", () => {
    const own = {
      ok: false,
      plugin: twelve.slice(0, 2),
      dependents: [{ name: "b", problems: [problem(3)] }],
      durationMs: 1,
    };
    expect(typeErrorHeadline("a", own, "/p")).toBe(
      "a: plugins/a/index.ts:1:7: TS2322: Type 'number' is not assignable to type 'string'. (and 2 more type errors)",
    );
    const theirs = { ...own, plugin: [] };
    expect(typeErrorHeadline("a", theirs, "/p")).toMatch(
      /^a: its new types break b: plugins\/a\/index.ts:3:7/,
    );
    expect(typecheckFailure("a", theirs, "/p")).toMatchObject({
      phase: "typecheck",
      pluginName: "a",
    });
  });
});
