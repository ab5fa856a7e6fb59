import { ReloadError } from "../errors/reload-error.ts";
import type { StandardIssue, StandardSchemaV1 } from "./standard-schema.ts";

const issuePath = (issue: StandardIssue): string =>
  (issue.path ?? [])
    .map((part) => (typeof part === "object" ? part.key : part))
    .map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`))
    .join("");

/**
 * Validates the manifest's `config` with the module's Standard Schema, so a plugin may use any
 * schema library. Without a schema, config passes through as written.
 */
export async function validateConfig(
  pluginName: string,
  manifestFile: string,
  schema: StandardSchemaV1 | undefined,
  config: unknown,
): Promise<unknown> {
  if (!schema) return config;
  const result = await schema["~standard"].validate(config);
  if (!result.issues) return result.value;
  const lines = result.issues.map((issue) => `config${issuePath(issue)}: ${issue.message}`);
  throw new ReloadError(`${pluginName}: ${manifestFile}: ${lines.join("; ")}`, {
    pluginName,
    phase: "validate",
    file: manifestFile,
  });
}
