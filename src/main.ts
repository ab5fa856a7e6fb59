import { type CommandDef, renderUsage, runCommand } from "citty";
import pkg from "../package.json" with { type: "json" };
import type { CliIo } from "./cli/cli-io.ts";
import { rejectUnknownFlags } from "./cli/flag-values.ts";
import { helpText } from "./cli/help-text.ts";
import { UsageError } from "./cli/usage-error.ts";
import { HotplugError } from "./errors/hotplug-error.ts";
import { createLogger } from "./logger.ts";

// Loaded lazily: `hotplug init` need not load the host.
const commands: Record<string, () => Promise<CommandDef>> = {
  dev: () => import("./commands/dev.ts").then((m) => m.default as CommandDef),
  run: () => import("./commands/run.ts").then((m) => m.default as CommandDef),
  check: () => import("./commands/check.ts").then((m) => m.default as CommandDef),
  init: () => import("./commands/init.ts").then((m) => m.default as CommandDef),
};

const root: CommandDef = {
  meta: {
    name: "hotplug",
    version: pkg.version,
    description: "Hot-reload host for ES-module plugins: swaps just the plugin you saved",
  },
  subCommands: commands,
};

/**
 * The CLI without the process: parses `rawArgs`, runs the command, and resolves to the exit
 * code: 0 done, 1 a plugin or check failed, 2 the call itself was wrong.
 */
export async function main(rawArgs: string[], io: CliIo): Promise<number> {
  const log = createLogger();
  const at = rawArgs.findIndex((arg) => !arg.startsWith("-"));
  const name = at === -1 ? undefined : rawArgs[at];
  const load = name === undefined ? undefined : commands[name];
  const wantsHelp = rawArgs.some((arg) => arg === "--help" || arg === "-h");
  if (rawArgs.length === 1 && (rawArgs[0] === "--version" || rawArgs[0] === "-v")) {
    io.stdout(`${pkg.version}\n`);
    return 0;
  }
  if (!load) {
    const usage = await renderUsage(root);
    if (wantsHelp && name === undefined) {
      io.stdout(`${helpText(usage, io.stdoutColor)}\n`);
      return 0;
    }
    log.log(helpText(usage, false));
    log.error(name === undefined ? "No command given" : `Unknown command: ${name}`);
    return 2;
  }
  const command = await load();
  if (wantsHelp) {
    io.stdout(`${helpText(await renderUsage(command, root), io.stdoutColor)}\n`);
    return 0;
  }
  // Only the command word itself: `hotplug dev dev` watches a folder named dev.
  const args = rawArgs.toSpliced(at, 1);
  try {
    rejectUnknownFlags(args, (command.args ?? {}) as Parameters<typeof rejectUnknownFlags>[1]);
    const { result } = await runCommand(command, { rawArgs: args, data: io });
    return typeof result === "number" ? result : 0;
  } catch (error) {
    if (error instanceof UsageError || (error as Error).name === "CLIError") {
      log.error((error as Error).message);
      log.info(`see: hotplug ${name} --help`);
      return 2;
    }
    if (error instanceof HotplugError) {
      log.error(error.message);
      return 1;
    }
    throw error;
  }
}
