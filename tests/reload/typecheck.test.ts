import { describe, expect, test } from "bun:test";
import { useHost } from "../support/host-fixture.ts";
import { until } from "../support/until.ts";

// The host in this process (the CLI's own runs are in tests/e2e/typecheck.test.ts): what the
// manager does with --typecheck, with the real checker on a folder without a tsconfig.json.
const typed = (value: string) => `export const n: number = ${value};
export default { setup: () => ({ n: () => n }) };
`;
const greeter = (method: string) => `export interface GreeterApi { ${method}(): string }
export default { setup: (): GreeterApi => ({ ${method}: () => "hi" }) };
`;
const CALLER = `import type { GreeterApi } from "../greeter/index.ts";
export default {
  setup: (ctx: { deps: { greeter: GreeterApi } }) => ({ hello: () => ctx.deps.greeter.greet() }),
};
`;

describe("--typecheck in the host", () => {
  const t = useHost();

  test("gate: a plugin with type errors does not start; a dependent broken by a rename is named", async () => {
    await t.dir.plugin({ name: "mistyped", files: { "index.ts": typed('"1"') } });
    await t.dir.plugin({ name: "greeter", files: { "index.ts": greeter("greet") } });
    await t.dir.plugin({ name: "caller", dependsOn: ["greeter"], files: { "index.ts": CALLER } });
    const system = await t.host({ typecheck: "gate", timeout: 20_000 }, false);
    expect(t.log.of("plugin:failed")).toMatchObject([{ plugin: "mistyped", phase: "typecheck" }]);
    expect(await t.call("caller")).toBe("hi");
    await t.dir.write("greeter/index.ts", greeter("salute"));
    const from = t.log.mark;
    await system.reload("greeter");
    const failed = await t.log.waitFor("plugin:failed", () => true, { from });
    expect(failed).toMatchObject({
      plugin: "greeter",
      phase: "typecheck",
      file: "caller/index.ts",
    });
    expect(failed.message).toStartWith("greeter: its new types break caller: ");
    expect(system.status().find((s) => s.name === "greeter")).toMatchObject({
      stale: true,
      generation: 1,
    });
    const failures = system.getMetrics().typecheckFailures;
    expect([...failures].sort((a, b) => a.plugin.localeCompare(b.plugin))).toEqual([
      { plugin: "greeter", count: 1 },
      { plugin: "mistyped", count: 1 },
    ]);
  }, 30_000);

  test("warn: a generation's errors are reported once, after its swap; a check overtaken by a newer swap says nothing", async () => {
    await t.dir.plugin({ name: "p", files: { "index.ts": typed("1") } });
    const system = await t.host({ typecheck: "warn", timeout: 20_000 }, false);
    // The first check is still starting the compiler (hundreds of ms): this swap overtakes it,
    // and that check reads the new bytes, which are this generation's to report.
    await t.dir.write("p/index.ts", typed('"1"'));
    await system.reload("p");
    expect(system.status()[0]).toMatchObject({ generation: 2, stale: false });
    await until(
      "both checks to answer",
      () => system.getMetrics().typecheckDurations.count === 2,
      20_000,
    );
    const warnings = t.log.of("plugin:warning");
    expect(warnings).toEqual([
      expect.objectContaining({ plugin: "p", kind: "typecheck", file: "p/index.ts", line: 1 }),
    ]);
    expect(system.status()[0]?.warnings).toHaveLength(1);
  }, 30_000);
});
