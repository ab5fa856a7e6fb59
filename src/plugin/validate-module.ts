import * as v from "valibot";
import { ReloadError } from "../errors/reload-error.ts";
import type { ListenSetting } from "../serve/listen-address.ts";
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
  fetch: hook(),
  websocket: v.optional(
    v.looseObject({ open: hook(), message: v.function(), close: hook(), drain: hook() }),
  ),
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
    issue.type === "function" || issue.received === "undefined"
      ? "a function"
      : issue.type === "loose_object"
        ? "an object of handlers ({ open, message, close })"
        : issue.expected;
  return `${field}: expected ${expected}, got ${issue.received}`;
};

/** What the manifest says about serving, for the export to be checked against it. */
export interface ServingManifest {
  readonly listen: ListenSetting | undefined;
  /** The manifest as messages show it. */
  readonly manifestFile: string;
}

/** A serving export and its manifest disagree: what is missing where, or undefined. */
function servingMismatch(plugin: Plugin<StandardSchemaV1 | undefined>, serving: ServingManifest) {
  const { listen, manifestFile } = serving;
  if (listen === undefined) {
    if (plugin.fetch) {
      return `fetch: has fetch(request, ctx), but ${manifestFile} has no "listen" (add "listen": 3000, or another port, to serve it)`;
    }
    if (plugin.websocket) {
      return `websocket: has WebSocket handlers, but ${manifestFile} has no "listen" and the export no fetch() to accept them`;
    }
    return undefined;
  }
  if (!plugin.fetch) {
    return `fetch: missing: ${manifestFile} has "listen": ${JSON.stringify(listen)}, so the default export needs fetch(request, ctx)`;
  }
  return undefined;
}

/**
 * Checks the entry's default export against the Plugin shape, naming the plugin and field;
 * with `serving`, also that it has `fetch` exactly when the manifest has `listen`.
 */
export function validateModule(
  pluginName: string,
  file: string,
  namespace: Record<string, unknown>,
  serving: ServingManifest,
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
  const plugin = result.output as unknown as Plugin<StandardSchemaV1 | undefined>;
  const mismatch = servingMismatch(plugin, serving);
  if (mismatch) throw fail(mismatch);
  return plugin;
}
