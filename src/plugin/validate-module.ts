import * as v from "valibot";
import type { Plugin } from "./plugin.ts";
import { ReloadError } from "./reload-error.ts";
import type { StandardSchemaV1 } from "./standard-schema.ts";

const isStandardSchema = (value: unknown): value is StandardSchemaV1 =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as Partial<StandardSchemaV1>)["~standard"]?.validate === "function";

const hook = (name: string) =>
  v.optional(v.function(`${name}: expected a function or nothing, got a non-function`));

const PluginModuleSchema = v.looseObject(
  {
    setup: v.function("setup: expected a function (required)"),
    start: hook("start"),
    stop: hook("stop"),
    health: hook("health"),
    configSchema: v.optional(
      v.custom<StandardSchemaV1>(
        isStandardSchema,
        "configSchema: expected a Standard Schema (valibot, zod, arktype: an object with ~standard.validate)",
      ),
    ),
  },
  "expected an object with setup()",
);

/** Checks the entry's default export against the Plugin shape, naming the plugin and field. */
export function validateModule(
  pluginName: string,
  file: string,
  namespace: Record<string, unknown>,
): Plugin<StandardSchemaV1 | undefined> {
  const fail = (detail: string) =>
    new ReloadError(`${pluginName}: ${file}: default export: ${detail}`, {
      pluginName,
      phase: "validate",
      file,
    });
  if (!("default" in namespace)) throw fail("missing (export default { setup(ctx) { ... } })");
  const result = v.safeParse(PluginModuleSchema, namespace.default);
  if (!result.success) {
    throw fail(result.issues.map((issue) => issue.message).join("; "));
  }
  return result.output as unknown as Plugin<StandardSchemaV1 | undefined>;
}
