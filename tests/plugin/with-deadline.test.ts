import { describe, expect, test } from "bun:test";
import { HookTimeoutError, withDeadline } from "../../src/plugin/run-hook.ts";

const never = () => new Promise<never>(() => {});

describe("withDeadline", () => {
  test("work that settles in time settles the call, as it did", async () => {
    expect(await withDeadline(Promise.resolve(7), "setup", 1000)).toBe(7);
    await expect(withDeadline(Promise.reject(new Error("no")), "setup", 1000)).rejects.toThrow(
      "no",
    );
  });

  test("past the time-out: a HookTimeoutError naming the hook, then onTimeout with it", async () => {
    const seen: unknown[] = [];
    const outcome = await withDeadline(never(), "start", 5, (error) => seen.push(error)).catch(
      (error: unknown) => error,
    );
    expect(outcome).toBeInstanceOf(HookTimeoutError);
    expect(outcome).toMatchObject({ hook: "start", timeoutMs: 5 });
    expect(seen).toEqual([outcome]);
  });

  test("what onTimeout sets off cannot settle the call before the time-out does", async () => {
    let settle: (value: string) => void = () => {};
    const work = new Promise<string>((resolve) => {
      settle = resolve;
    });
    const outcome = withDeadline(work, "stop", 5, () => settle("too late"));
    await expect(outcome).rejects.toBeInstanceOf(HookTimeoutError);
  });
});
