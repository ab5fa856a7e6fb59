import { describe, expect, test } from "bun:test";
import { CliProcess, runCli, useCliPluginsDir } from "../support/cli-process.ts";
import { ISOLATIONS } from "../support/host-fixture.ts";

// The plugins folder has no tsconfig.json: hotplug's defaults check it (strict, hotplug's types).
const t = useCliPluginsDir();

/** A counter whose `start` amount is typed: `amount` is the source of that expression. */
const counter = (version: string, amount: string) => `import type { Plugin } from "hotplug";
export interface CounterApi { add(by: number): number }
let total = 0;
const add = (by: number): number => (total += by);
export default {
  setup(ctx): CounterApi {
    ctx.log.info("RUNS ${version}");
    add(${amount});
    return { add };
  },
} satisfies Plugin<undefined, CounterApi>;
`;
const greeter = (method: string) => `import type { Plugin } from "hotplug";
export interface GreeterApi { ${method}(who: string): string }
export default {
  setup(ctx): GreeterApi {
    ctx.log.info("GREETER ${method}");
    return { ${method}: (who) => "hello, " + who };
  },
} satisfies Plugin<undefined, GreeterApi>;
`;
const ANNOUNCER = `import type { Plugin } from "hotplug";
import type { GreeterApi } from "../greeter/index.ts";
export default {
  async setup(ctx) {
    ctx.log.info("ANNOUNCES " + (await ctx.deps.greeter.greet("you")));
    return {};
  },
} satisfies Plugin<undefined, object, unknown, { greeter: GreeterApi }>;
`;

const failedIn = (phase: string) => (e: Record<string, unknown>) =>
  e.type === "plugin:failed" && e.phase === phase;

describe("--typecheck through the CLI", () => {
  for (const isolation of ISOLATIONS) {
    test(`isolation ${isolation}, gate: a type error is refused and the old code serves; the fix is swapped in`, async () => {
      await t.dir.plugin({
        name: "counter",
        manifest: { isolation },
        files: { "index.ts": counter("v1", "1") },
      });
      const cli = CliProcess.cli(["dev", t.dir.root, "--json", "--typecheck", "gate"]);
      await cli.waitFor((e) => e.type === "host:ready", { timeoutMs: 20_000 });
      await cli.waitForStderr("RUNS v1");
      let from = cli.mark;
      await t.dir.write("counter/index.ts", counter("v2", '"one"'));
      const failed = await cli.waitFor(failedIn("typecheck"), { from });
      expect(failed).toMatchObject({
        plugin: "counter",
        file: "counter/index.ts",
        line: 8,
        column: 9,
        runningGeneration: 1,
        rolledBack: false,
      });
      expect(String(failed.message)).toContain(
        "TS2345: Argument of type 'string' is not assignable to parameter of type 'number'.",
      );
      expect(String(failed.frame)).toContain('add("one");');
      expect(cli.stderr).toContain("generation 1 keeps running (stale)");
      expect(cli.stderr).toMatch(
        /type checker ready in \d+ ms: hotplug's TypeScript against hotplug's defaults \(no .*plugins\/tsconfig\.json\)/,
      );
      from = cli.mark;
      await t.dir.write("counter/index.ts", counter("v3", "2"));
      expect(await cli.waitFor((e) => e.type === "plugin:reloaded", { from })).toMatchObject({
        plugin: "counter",
        generation: 2,
      });
      await cli.waitForStderr("RUNS v3");
      // The refused save never ran: not imported, so not even its setup's log line.
      expect(cli.stderr).not.toContain("RUNS v2");
      expect(await cli.stop()).toBe(0);
    }, 30_000);

    test(`isolation ${isolation}, gate: renaming a method a dependent calls is refused, naming the dependent`, async () => {
      await t.dir.plugin({
        name: "greeter",
        manifest: { isolation },
        files: { "index.ts": greeter("greet") },
      });
      await t.dir.plugin({
        name: "announcer",
        dependsOn: ["greeter"],
        manifest: { isolation },
        files: { "index.ts": ANNOUNCER },
      });
      const cli = CliProcess.cli(["dev", t.dir.root, "--json", "--typecheck", "gate"]);
      await cli.waitFor((e) => e.type === "host:ready", { timeoutMs: 20_000 });
      await cli.waitForStderr("ANNOUNCES hello, you");
      const from = cli.mark;
      await t.dir.write("greeter/index.ts", greeter("salute"));
      const failed = await cli.waitFor(failedIn("typecheck"), { from });
      expect(failed).toMatchObject({
        plugin: "greeter",
        file: "announcer/index.ts",
        line: 5,
        runningGeneration: 1,
      });
      expect(String(failed.message)).toStartWith("greeter: its new types break announcer: ");
      expect(String(failed.message)).toContain(
        "TS2339: Property 'greet' does not exist on type 'GreeterApi'.",
      );
      expect(cli.stderr).not.toContain("GREETER salute");
      expect(await cli.stop()).toBe(0);
    }, 30_000);

    test(`isolation ${isolation}, warn: the swap happens at once, and the type error is reported when the check ends`, async () => {
      await t.dir.plugin({
        name: "counter",
        manifest: { isolation },
        files: { "index.ts": counter("v1", "1") },
      });
      const cli = CliProcess.cli([
        "dev",
        t.dir.root,
        "--json",
        "--typecheck",
        "warn",
        "--metrics-port",
        "0",
      ]);
      await cli.waitFor((e) => e.type === "host:ready", { timeoutMs: 20_000 });
      await cli.waitForStderr("/metrics and /status");
      const port = Number(/127\.0\.0\.1:(\d+)/.exec(cli.stderr)?.[1]);
      const from = cli.mark;
      await t.dir.write("counter/index.ts", counter("v2", '"one"'));
      await cli.waitFor((e) => e.type === "plugin:reloaded", { from });
      const warning = await cli.waitFor((e) => e.type === "plugin:warning", { from });
      expect(warning).toMatchObject({
        plugin: "counter",
        kind: "typecheck",
        file: "counter/index.ts",
        line: 8,
      });
      expect(String(warning.message)).toContain("TS2345");
      // It warned after the swap: the new code was already serving.
      const order = cli.events.slice(from).map((e) => e.type);
      expect(order.indexOf("plugin:reloaded")).toBeLessThan(order.indexOf("plugin:warning"));
      await cli.waitForStderr("RUNS v2");
      expect(cli.stderr).toMatch(/⚠.*counter\/index\.ts:8:9: TS2345/);
      const status = (await (await fetch(`http://127.0.0.1:${port}/status`)).json()) as {
        plugins: { name: string; generation: number; warnings: unknown[] }[];
      };
      expect(status.plugins[0]).toMatchObject({
        name: "counter",
        generation: 2,
        warnings: [{ kind: "typecheck", file: "counter/index.ts", line: 8 }],
      });
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toContain('hotplug_typecheck_failures_total{plugin="counter"} 1');
      expect(metrics).toMatch(/hotplug_typecheck_duration_seconds_count [12]\b/);
      expect(await cli.stop()).toBe(0);
    }, 30_000);
  }

  test("gate checks the first load too: a plugin with type errors does not start, the others do", async () => {
    await t.dir.plugin({ name: "broken", files: { "index.ts": counter("v1", '"one"') } });
    await t.dir.plugin({ name: "fine", files: { "index.ts": counter("fine", "1") } });
    const cli = CliProcess.cli(["dev", t.dir.root, "--json", "--typecheck", "gate"]);
    const failed = await cli.waitFor(failedIn("typecheck"), { timeoutMs: 20_000 });
    expect(failed).toMatchObject({ plugin: "broken", runningGeneration: null });
    await cli.waitFor((e) => e.type === "host:ready");
    expect(cli.events.filter((e) => e.type === "plugin:started").map((e) => e.plugin)).toEqual([
      "fine",
    ]);
    expect(cli.stderr).not.toContain("RUNS v1");
    expect(await cli.stop()).toBe(0);
  }, 30_000);

  test("a plugin.json's typecheck gates that plugin when --typecheck is off", async () => {
    await t.dir.plugin({
      name: "strict",
      manifest: { typecheck: "gate" },
      files: { "index.ts": counter("s", '"one"') },
    });
    await t.dir.plugin({ name: "loose", files: { "index.ts": counter("l", '"one"') } });
    const cli = CliProcess.cli(["dev", t.dir.root, "--json"]);
    await cli.waitFor((e) => e.type === "host:ready", { timeoutMs: 20_000 });
    expect(cli.events.filter((e) => e.type === "plugin:started").map((e) => e.plugin)).toEqual([
      "loose",
    ]);
    expect(cli.events.find(failedIn("typecheck"))).toMatchObject({ plugin: "strict" });
    expect(await cli.stop()).toBe(0);
  }, 30_000);

  test("check --typecheck: exit 1 with each error framed; exit 0 once the types fit", async () => {
    await t.dir.plugin({ name: "counter", files: { "index.ts": counter("v1", '"one"') } });
    const failed = await runCli(["check", t.dir.root, "--typecheck"]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("counter (typecheck): counter: ");
    expect(failed.stderr).toContain("counter/index.ts:8:9: TS2345");
    expect(failed.stderr).toContain('add("one");');
    const json = await runCli(["check", t.dir.root, "--typecheck", "--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      problems: [{ plugin: "counter", phase: "typecheck" }],
    });
    // Without --typecheck, check imports only: the types are not its business.
    expect((await runCli(["check", t.dir.root])).code).toBe(0);
    await t.dir.write("counter/index.ts", counter("v1", "1"));
    const fixed = await runCli(["check", t.dir.root, "--typecheck"]);
    expect(fixed.stderr).toContain("1 ok, 0 problems");
    expect(fixed.code).toBe(0);
  }, 30_000);
});
