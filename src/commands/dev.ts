import { defineCommand } from "citty";
import type { CliIo } from "../cli/cli-io.ts";
import { hostArgs, parseHostFlags } from "../cli/host-args.ts";
import { serveHost } from "../cli/serve-host.ts";

export default defineCommand({
  meta: {
    name: "dev",
    description: "Load, start and watch the plugins; reload a plugin when its files change",
  },
  args: hostArgs,
  run: ({ args, rawArgs, data }) =>
    serveHost(parseHostFlags(args, rawArgs, { leftovers: "clear" }), true, data as CliIo),
});
