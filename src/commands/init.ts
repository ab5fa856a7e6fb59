import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineCommand } from "citty";
import { pluginTemplate } from "../cli/plugin-template.ts";
import { UsageError } from "../cli/usage-error.ts";
import { HotplugError } from "../errors/hotplug-error.ts";
import { createLogger } from "../logger.ts";
import { PLUGIN_NAME_PATTERN } from "../plugin/manifest/manifest-schema.ts";

/** Where editors find the manifest schema: hotplug's own copy, else the installed package's. */
function schemaRef(pluginDir: string): string {
  const own = fileURLToPath(new URL("../../schema/plugin.schema.json", import.meta.url));
  const target = existsSync(own) ? own : resolve("node_modules/hotplug/schema/plugin.schema.json");
  return relative(pluginDir, target);
}

export default defineCommand({
  meta: {
    name: "init",
    description: "Create a new plugin folder with a manifest, a typed entry and a first test",
  },
  args: {
    name: {
      type: "positional",
      description: "The plugin's name (lowercase letters, digits, dashes)",
      required: true,
    },
    dir: {
      type: "string",
      description: "The plugins folder to create it in",
      default: "plugins",
      valueHint: "dir",
    },
  },
  async run({ args }) {
    if (!PLUGIN_NAME_PATTERN.test(args.name)) {
      throw new UsageError(
        `name: expected lowercase letters, digits and dashes starting with a letter (max 64), got "${args.name}"`,
      );
    }
    const pluginDir = resolve(args.dir, args.name);
    if (existsSync(pluginDir)) {
      throw new HotplugError(
        "INIT_EXISTS",
        `Cannot create ${relative(".", pluginDir)}: it already exists`,
      );
    }
    await mkdir(pluginDir, { recursive: true });
    for (const [file, text] of Object.entries(pluginTemplate(args.name, schemaRef(pluginDir)))) {
      await writeFile(join(pluginDir, file), text);
    }
    const log = createLogger();
    const shown = relative(".", pluginDir) || pluginDir;
    log.success(`created ${shown}: plugin.json, index.ts and index.test.ts`);
    log.info(`check it with: hotplug check ${args.dir}; test it with: bun test ${shown}`);
    return 0;
  },
});
