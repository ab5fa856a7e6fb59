import * as v from "valibot";
import type { Isolation, SwapMode } from "../../host-events.ts";

// What plugin.json may hold: the one source of truth, schema/plugin.schema.json included.

/** A plugin name, unique in the host: also a folder-, URL- and log-safe tag. */
export const PLUGIN_NAME_PATTERN = /^[a-z][a-z0-9-]{0,63}$/;

/** semver.org's own regex, so prerelease and build metadata (`1.0.0-rc.1+sha.5`) pass. */
export const SEMVER_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** The keys plugin.json may hold, in the order people usually write them. */
export const MANIFEST_KEYS = [
  "$schema",
  "name",
  "version",
  "entry",
  "description",
  "dependsOn",
  "enabled",
  "config",
  "isolation",
  "swap",
  "listen",
  "typecheck",
  "probation",
] as const;
export const ISOLATIONS = ["none", "worker"] as const satisfies readonly Isolation[];
export const SWAP_MODES = ["stop-first", "overlap"] as const satisfies readonly SwapMode[];
/** `--typecheck`: no check, a check whose errors are reported, a check a swap must pass. */
export const TYPECHECK_MODES = ["off", "warn", "gate"] as const;
export type TypecheckMode = (typeof TYPECHECK_MODES)[number];
/** The longest probation a manifest may ask for: an hour. */
export const MAX_PROBATION_MS = 3_600_000;
const NAME_RULE = "lowercase letters, digits and dashes starting with a letter (max 64)";

/** Shows a bad value the way a person would write it in JSON: `"1.x"`, `number 42`, `array`. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "string") {
    const shown = JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
    return `string ${shown}`;
  }
  if (typeof value === "object") return "object";
  return `${typeof value} ${String(value)}`;
}

/** Strings are quoted only: `got "1.x"` reads better than `got string "1.x"` after a pattern. */
const got = (issue: { input: unknown }) => describeValue(issue.input).replace(/^string /, "");
const expected = (what: string) => (issue: { input: unknown }) =>
  `expected ${what}, got ${describeValue(issue.input)}`;

const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** sockaddr_un holds 108 bytes, the last one a NUL. */
const UNIX_PATH_MAX = 107;
const LISTEN_FORMS = 'a port, { "port", "hostname" } or { "unix": "/path.sock" }';

const Port = v.pipe(
  v.number(expected("a port (number)")),
  v.integer(expected("a port: an integer from 0 to 65535")),
  v.minValue(0, expected("a port: an integer from 0 to 65535")),
  v.maxValue(65535, expected("a port: an integer from 0 to 65535")),
);

const TcpListen = v.strictObject(
  {
    port: Port,
    hostname: v.optional(
      v.pipe(
        v.string(expected("a hostname (string)")),
        v.minLength(1, "expected a hostname, got an empty string"),
      ),
    ),
  },
  (issue) => listenKeyIssue(issue, ["port", "hostname"]),
);

const UnixListen = v.strictObject(
  {
    unix: v.pipe(
      v.string(expected("an absolute socket path (string)")),
      v.startsWith("/", (issue) => `expected an absolute socket path, got ${got(issue)}`),
      v.maxBytes(UNIX_PATH_MAX, `expected a socket path of at most ${UNIX_PATH_MAX} bytes`),
    ),
  },
  (issue) => listenKeyIssue(issue, ["unix"]),
);

function listenKeyIssue(issue: v.BaseIssue<unknown>, keys: readonly string[]): string {
  const key = String(issue.path?.at(-1)?.key ?? "");
  if (issue.expected === "never")
    return `unknown key ${JSON.stringify(key)}; allowed: ${keys.join(", ")}`;
  return "required, but missing";
}

/** A union fails as a whole only when no form's type fits: say which form the value was near. */
function listenIssue(issue: v.BaseIssue<unknown>): string {
  const input = issue.input;
  if (!isJsonObject(input)) return `expected ${LISTEN_FORMS}, got ${describeValue(input)}`;
  const keys = Object.keys(input);
  if ("unix" in input && keys.length > 1) {
    return 'expected either { "unix" } or { "port", "hostname" }, not both';
  }
  const form = "unix" in input ? UnixListen : TcpListen;
  const inner = v.safeParse(form, input);
  const first = inner.success ? undefined : inner.issues[0];
  const field = first?.path?.map((item) => String(item.key)).join(".");
  return first && field ? `${field}: ${first.message}` : `expected ${LISTEN_FORMS}, got object`;
}

const PluginName = v.pipe(
  v.string(expected("a plugin name (string)")),
  v.regex(PLUGIN_NAME_PATTERN, (issue) => `expected ${NAME_RULE}, got ${got(issue)}`),
);

function objectIssue(issue: v.BaseIssue<unknown>): string {
  const key = String(issue.path?.at(-1)?.key ?? "");
  if (issue.expected === "never") {
    const near = MANIFEST_KEYS.find((k) => k.toLowerCase() === key.toLowerCase());
    const hint = near ? `did you mean "${near}"?` : `allowed keys: ${MANIFEST_KEYS.join(", ")}`;
    return `unknown key ${JSON.stringify(key)}; ${hint}`;
  }
  // The check before the object schema has already refused non-objects: only missing keys remain.
  return "required, but missing";
}

const entries = {
  $schema: v.optional(v.string(expected("a string (the JSON Schema URL)"))),
  name: PluginName,
  version: v.pipe(
    v.string(expected("a semver string")),
    v.regex(SEMVER_PATTERN, (issue) => `expected semver, got ${got(issue)}`),
  ),
  entry: v.optional(
    v.pipe(
      v.string(expected("a relative path (string)")),
      v.minLength(1, "expected a relative path, got an empty string"),
    ),
  ),
  description: v.optional(v.string(expected("a string"))),
  dependsOn: v.optional(
    v.pipe(
      v.array(PluginName, expected("an array of plugin names")),
      v.checkItems(
        (name, index, list) => list.indexOf(name) === index,
        (issue) => `${got(issue)} is listed twice`,
      ),
    ),
  ),
  enabled: v.optional(v.boolean(expected("true or false"))),
  config: v.optional(
    v.pipe(
      v.unknown(),
      v.check(isJsonObject, expected("a JSON object")),
      v.record(v.string(), v.unknown()),
    ),
  ),
  isolation: v.optional(
    v.picklist(ISOLATIONS, (issue) => `expected "none" or "worker", got ${got(issue)}`),
  ),
  swap: v.optional(
    v.picklist(SWAP_MODES, (issue) => `expected "stop-first" or "overlap", got ${got(issue)}`),
  ),
  listen: v.optional(v.union([Port, TcpListen, UnixListen], listenIssue)),
  typecheck: v.optional(
    v.picklist(TYPECHECK_MODES, (issue) => `expected "off", "warn" or "gate", got ${got(issue)}`),
  ),
  probation: v.optional(
    v.pipe(
      v.number(expected("a number of milliseconds")),
      v.integer(expected("a whole number of milliseconds")),
      v.minValue(0, expected("0 (off) or more milliseconds")),
      v.maxValue(MAX_PROBATION_MS, expected(`at most ${MAX_PROBATION_MS} ms (an hour)`)),
    ),
  ),
};

/** `dependsOn` naming the plugin itself can only be seen with both fields in hand. */
const notSelfDependent = v.rawCheck<v.InferOutput<v.StrictObjectSchema<typeof entries, undefined>>>(
  ({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const { name, dependsOn = [] } = dataset.value;
    dependsOn.forEach((dep, key) => {
      if (dep !== name) return;
      const item = { type: "array", origin: "value", input: dependsOn, key, value: dep } as const;
      const list = { type: "object", origin: "value", input: dataset.value } as const;
      addIssue({
        message: `a plugin cannot depend on itself ("${name}")`,
        path: [{ ...list, key: "dependsOn", value: dependsOn }, item],
      });
    });
  },
);

/**
 * The `plugin.json` schema. The leading `unknown` + `check` is there because valibot's object
 * schemas accept arrays, and `[]` should read "expected a JSON object", not "name: missing".
 */
export const ManifestSchema = v.pipe(
  v.unknown(),
  v.check(isJsonObject, expected("a JSON object")),
  v.strictObject(entries, objectIssue),
  notSelfDependent,
);

export type Manifest = v.InferOutput<typeof ManifestSchema>;
