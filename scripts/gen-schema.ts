/**
 * Writes schema/plugin.schema.json from ManifestSchema: `bun scripts/gen-schema.ts [out]`.
 * tests/plugin/manifest/json-schema.test.ts fails when the committed file is stale.
 */
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { type JsonSchema, toJsonSchema } from "@valibot/to-json-schema";
import { ManifestSchema } from "../src/plugin/manifest/manifest-schema.ts";
import { biomeFormat } from "./biome-format.ts";

export const SCHEMA_FILE = fileURLToPath(new URL("../schema/plugin.schema.json", import.meta.url));

const DESCRIPTIONS: Record<string, string> = {
  $schema: "The JSON Schema this file follows, for editors.",
  name: "Unique plugin name: lowercase letters, digits and dashes, starting with a letter.",
  version: "The plugin's version, semver (1.2.0, 2.0.0-rc.1).",
  entry: "Entry module, relative to this folder. Default: index.ts, else index.js.",
  description: "One line on what the plugin does.",
  dependsOn: "Names of plugins whose setup() result this plugin receives in ctx.deps.",
  enabled: "Set to false to keep the plugin from loading. Default: true.",
  config: "Handed to the plugin as ctx.config, validated by its configSchema.",
  isolation:
    'Where each generation runs: "none" (in the host\'s process) or "worker" (its own Worker, stopped by termination on a time-out or crash). Default: --isolation, else "none".',
  listen:
    'Where the plugin serves its fetch(): a port (on 127.0.0.1), { "port", "hostname" }, or { "unix": "/path.sock" }. The host keeps this listener open across reloads.',
  typecheck:
    "Type-check the plugin's module graph before a swap: off, warn (report errors after the swap) or gate (a swap must pass). Default: --typecheck.",
  probation:
    "Milliseconds after a swap during which a failing new generation (an uncaught error, health() not ok, mostly 5xx answers) is rolled back to the previous code on its own. 0: off. Default: --probation.",
  swap: 'How a reload hands over: "stop-first" (stop the old generation, then start the new one) or "overlap" (start the new one while the old one serves, then switch). Default: "stop-first".',
};

/** The JSON Schema, ready to write: what editors use to complete and check plugin.json. */
export function manifestJsonSchema(): JsonSchema {
  const schema = toJsonSchema(ManifestSchema, {
    // The pipe starts with `unknown` + a check that rejects arrays; the object is what counts.
    typeMode: "output",
    overrideAction({ valibotAction, jsonSchema }) {
      // dependsOn's "no duplicates" check is JSON Schema's uniqueItems.
      if (valibotAction.type === "check_items") return { ...jsonSchema, uniqueItems: true };
      // A byte limit has no JSON Schema form (maxLength counts characters); the host checks it.
      if (valibotAction.type === "max_bytes") return jsonSchema;
      // "Does not depend on itself" has no JSON Schema form; the host still checks it.
      if (valibotAction.type === "raw_check") return jsonSchema;
      return undefined;
    },
  });
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const [key, description] of Object.entries(DESCRIPTIONS)) {
    const property = properties[key];
    if (property && typeof property === "object") property.description = description;
  }
  return {
    $schema: schema.$schema,
    title: "hotplug plugin manifest (plugin.json)",
    description: "A hotplug plugin's manifest: its name, version, entry module and config.",
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== "$schema")),
  };
}

/** Writes the schema to `file`, then has biome format it so `biome check` stays clean. */
export async function writeSchema(file = SCHEMA_FILE): Promise<void> {
  await writeFile(file, `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`);
  biomeFormat(file);
}

if (import.meta.main) {
  await writeSchema(process.argv[2]);
  console.log(`wrote ${process.argv[2] ?? SCHEMA_FILE}`);
}
