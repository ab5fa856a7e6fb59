import { describe, expect, test } from "bun:test";
import { ReloadError } from "../../src/errors/reload-error.ts";
import { NO_DURATIONS } from "../../src/reload/duration-histogram.ts";
import { detectRuntime } from "../../src/runtime/detect-runtime.ts";
import { systemClock } from "../../src/schedule/clock.ts";
import { HostTypecheck } from "../../src/typecheck/host-typecheck.ts";
import type { CheckRequest, TypeChecker } from "../../src/typecheck/type-checker.ts";
import type { TypeCheckResult, TypeProblem } from "../../src/typecheck/type-error-report.ts";
import { TypecheckError } from "../../src/typecheck/typecheck-error.ts";

const ROOT = "/project/plugins";
const problem = (file: string, line: number, code = 2339): TypeProblem => ({
  location: { file: `${ROOT}/${file}`, line, column: 3, lineText: "  greeter.greet();" },
  code,
  message: "Property 'greet' does not exist on type 'GreeterApi'.",
});
const clean: TypeCheckResult = { ok: true, plugin: [], dependents: [], durationMs: 4 };
const request: CheckRequest = {
  plugin: { name: "greeter", files: [`${ROOT}/greeter/index.ts`] },
  dependents: [{ name: "announcer", files: [`${ROOT}/announcer/index.ts`] }],
};

/** A checker that answers `results` in turn, counting how often it was started. */
function host(results: (TypeCheckResult | Error)[], starts = { count: 0, fail: 0 }) {
  const checker = {
    check: async () => {
      const next = results.shift() ?? clean;
      if (next instanceof Error) throw next;
      return next;
    },
    close: async () => {},
  } as unknown as TypeChecker;
  return new HostTypecheck({
    mode: "gate",
    root: () => ROOT,
    cwd: "/project",
    runtime: detectRuntime(),
    timeoutMs: 1000,
    clock: systemClock,
    start: async () => {
      starts.count++;
      if (starts.fail-- > 0) throw new TypecheckError("TYPECHECK_UNAVAILABLE", "no compiler", "x");
      return checker;
    },
  });
}

describe("HostTypecheck", () => {
  test("a plugin.json's typecheck wins over --typecheck", () => {
    const typecheck = host([]);
    expect(typecheck.modeOf({})).toBe("gate");
    expect(typecheck.modeOf({ typecheck: "off" })).toBe("off");
  });

  test("gate: a check with errors fails the reload in phase typecheck, framed, naming the plugin it breaks", async () => {
    const typecheck = host([
      {
        ok: false,
        plugin: [],
        dependents: [{ name: "announcer", problems: [problem("announcer/index.ts", 5)] }],
        durationMs: 9,
      },
    ]);
    const error = await typecheck.gate(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReloadError);
    expect(error).toMatchObject({
      pluginName: "greeter",
      phase: "typecheck",
      file: `${ROOT}/announcer/index.ts`,
    });
    expect((error as ReloadError).message).toBe(
      "greeter: its new types break announcer: plugins/announcer/index.ts:5:3: TS2339: Property 'greet' does not exist on type 'GreeterApi'.",
    );
    expect((error as ReloadError).report?.frame).toContain("greeter.greet();");
  });

  test("gate: a clean check lets the reload go on", async () => {
    await host([clean]).gate(request);
  });

  test("gate: a checker that cannot answer fails the reload too, saying why; the next check starts it again", async () => {
    const starts = { count: 0, fail: 1 };
    const typecheck = host([clean], starts);
    const error = await typecheck.gate(request).catch((e: unknown) => e);
    expect(error).toMatchObject({ phase: "typecheck", message: "greeter: no compiler" });
    await typecheck.gate(request);
    expect(starts.count).toBe(2);
  });

  test("warn: one warning per plugin with errors, with its first error's place and the changed plugin named", async () => {
    const typecheck = host([
      {
        ok: false,
        plugin: [problem("greeter/index.ts", 2, 2322), problem("greeter/index.ts", 7, 2322)],
        dependents: [
          { name: "announcer", problems: [problem("announcer/index.ts", 5)] },
          { name: "web", problems: [] },
        ],
        durationMs: 9,
      },
    ]);
    const warnings = await typecheck.warn(request);
    expect(warnings).toEqual([
      expect.objectContaining({
        plugin: "greeter",
        kind: "typecheck",
        file: "greeter/index.ts",
        line: 2,
        column: 3,
        message: expect.stringMatching(
          /^greeter: plugins\/greeter\/index.ts:2:3: TS2322: .* \(and 1 more type error\)$/,
        ),
      }),
      expect.objectContaining({
        plugin: "announcer",
        file: "announcer/index.ts",
        message: expect.stringMatching(/^announcer: .*TS2339.*\(after greeter changed\)$/),
      }),
    ]);
  });

  test("warn: a checker that cannot answer is one warning saying why", async () => {
    const warnings = await host([new TypecheckError("TYPECHECK_TIMEOUT", "too slow", "x")]).warn(
      request,
    );
    expect(warnings).toEqual([
      { plugin: "greeter", kind: "typecheck", message: "greeter: too slow" },
    ]);
  });

  test("durations count every answered check into the histogram's buckets", async () => {
    const typecheck = host([clean, { ...clean, durationMs: 20_000 }]);
    expect(typecheck.durations()).toEqual(NO_DURATIONS);
    await typecheck.gate(request);
    await typecheck.gate(request);
    const durations = typecheck.durations();
    expect(durations.count).toBe(2);
    expect(durations.sumMs).toBe(20_004);
    // Cumulative, as Prometheus reads them: 4 ms is within 5 ms and every bound above; 20 s only +Inf.
    expect(durations.buckets.slice(0, 3)).toEqual([0, 0, 1]);
    expect(durations.buckets.at(-1)).toBe(1);
    await typecheck.close();
  });
});
