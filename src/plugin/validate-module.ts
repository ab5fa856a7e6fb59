import * as v from "valibot";
import { ReloadError } from "../errors/reload-error.ts";
import type { Plugin } from "./plugin.ts";
import type { StandardSchemaV1 } from "./standard-schema.ts";

const isStandardSchema = (value: unknown): value is StandardSchemaV1 =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as Partial<StandardSchemaV1>)["~standard"]?.validate === "function";

const hook = () => v.optional(v.function());

const PluginModuleSchema = v.looseObject({
  setup: v.function(),
  start: hook(),
  stop: hook(),
  health: hook(),
  snapshot: hook(),
  configSchema: v.optional(
    v.custom<StandardSchemaV1>(
      isStandardSchema,
      "expected a Standard Schema (valibot, zod, arktype: an object with ~standard.validate)",
    ),
  ),
});

/** `setup: expected a function, got undefined`: the field, then what was wrong with it. */
const describeIssue = (issue: v.BaseIssue<unknown>): string => {
  const field = v.getDotPath(issue);
  if (!field) return `expected an object with setup(), got ${issue.received}`;
  if (issue.type === "custom") return `${field}: ${issue.message}`;
  const expected =
    issue.type === "function" || issue.received === "undefined" ? "a function" : issue.expected;
  return `${field}: expected ${expected}, got ${issue.received}`;
};

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
    throw fail(result.issues.map(describeIssue).join("; "));
  }
  return result.output as unknown as Plugin<StandardSchemaV1 | undefined>;
}
