import { defineCommand } from "citty";
import type { CliIo } from "../cli/cli-io.ts";
import { hostArgs, parseHostFlags } from "../cli/host-args.ts";
import { serveHost } from "../cli/serve-host.ts";

export default defineCommand({
  meta: {
    name: "run",
    description: "Load and start the plugins without watching; exit 1 if an enabled plugin fails",
  },
  args: hostArgs,
  run: ({ args, rawArgs, data }) =>
    serveHost(parseHostFlags(args, rawArgs, { leftovers: "off" }), false, data as CliIo),
});
