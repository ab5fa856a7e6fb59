import { describe, expect, test } from "bun:test";
import { CliProcess, useCliPluginsDir } from "../support/cli-process.ts";
import { ISOLATIONS } from "../support/host-fixture.ts";

const t = useCliPluginsDir();

/** Logs its version and the count handed to it; v2 throws from a timer 200 ms after start(). */
const plugin = (version: string, throws: boolean) => `export default {
  setup(ctx) {
    ctx.log.info("RUNS ${version} count " + (ctx.state?.count ?? 0));
    return {};
  },
  start() { ${throws ? 'setTimeout(() => { throw new Error("late trouble"); }, 200);' : ""} },
  stop(ctx) { return { count: (ctx.state?.count ?? 0) + 1 }; },
};`;

describe("--probation through the CLI", () => {
  for (const isolation of ISOLATIONS) {
    test(`isolation ${isolation}: a generation that throws 200 ms after start() is rolled back within the window`, async () => {
      await t.dir.plugin({
        name: "p",
        manifest: { isolation },
        files: { "index.ts": plugin("v1", false) },
      });
      const cli = CliProcess.cli(["dev", t.dir.root, "--json", "--probation", "2000"]);
      await cli.waitFor((e) => e.type === "host:ready");
      const from = cli.events.length;
      await t.dir.write("p/index.ts", plugin("v2", true));
      await cli.waitFor((e) => e.type === "plugin:reloaded", { from });
      const failed = await cli.waitFor((e) => e.type === "plugin:failed", { from });
      expect(failed).toMatchObject({ phase: "probation", rolledBack: true, runningGeneration: 1 });
      expect(String(failed.message)).toContain("late trouble");
      // v1 runs again, with the state v2's stop() returned: v1 stopped once, v2 once.
      await cli.waitForStderr("RUNS v1 count 2");
      expect(cli.stderr).toMatch(/generation 2 failed its probation/);
      expect(await cli.stop()).toBe(0);
    }, 20_000);
  }
});
