import { resolve } from "node:path";
import { defineCommand } from "citty";
import * as v from "valibot";
import { checkPlugins } from "../cli/check-plugins.ts";
import type { CliIo } from "../cli/cli-io.ts";
import { integer, isolationArg, timeoutArg } from "../cli/host-args.ts";
import { requirePluginsDir } from "../cli/require-plugins-dir.ts";
import { UsageError } from "../cli/usage-error.ts";
import type { Isolation } from "../host-events.ts";
import { createLogger } from "../logger.ts";
import { detectRuntime } from "../runtime/detect-runtime.ts";

export default defineCommand({
  meta: {
    name: "check",
    description: "Validate manifests, import modules and check dependencies; start nothing",
  },
  args: {
    dir: {
      type: "positional",
      description: "The plugins folder",
      default: "plugins",
      required: false,
    },
    json: {
      type: "boolean",
      description: "Print the report as one JSON object on stdout",
      default: false,
    },
    timeout: timeoutArg,
    isolation: isolationArg,
    typecheck: {
      type: "boolean",
      description:
        "Type-check each plugin's module graph against tsconfig.json too, as --typecheck gate would",
      default: false,
    },
  },
  async run({ args, data }) {
    const io = data as CliIo;
    const root = resolve(args.dir);
    await requirePluginsDir(args.dir, "check");
    const timeout = v.safeParse(integer("timeout", 1, 3_600_000), args.timeout);
    if (!timeout.success) throw new UsageError(timeout.issues.map((i) => i.message).join("\n"));
    const report = await checkPlugins(root, {
      runtime: detectRuntime(),
      timeoutMs: timeout.output,
      isolation: args.isolation as Isolation,
      cwd: process.cwd(),
      typecheck: args.typecheck,
    });
    if (args.json) io.stdout(`${JSON.stringify({ type: "check", ...report })}\n`);
    const log = createLogger("info");
    for (const plugin of report.plugins) log.success(`${plugin.name} ${plugin.version}`);
    for (const problem of report.problems) {
      const details = problem.details?.map((line) => `\n  ${line}`).join("") ?? "";
      log.error(`${problem.plugin || "plugins"} (${problem.phase}): ${problem.message}${details}`);
    }
    const summary = `${report.plugins.length} ok, ${report.problems.length} problem${report.problems.length === 1 ? "" : "s"}`;
    if (report.ok) log.success(summary);
    else log.fail(summary);
    return report.ok ? 0 : 1;
  },
});
