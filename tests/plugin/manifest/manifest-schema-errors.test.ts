import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { expectManifestError } from "./expect-manifest-error.ts";
import { TempPlugins } from "./temp-plugins.ts";

const ok = { name: "greeter", version: "1.0.0" };
const NAME_RULE = "expected lowercase letters, digits and dashes starting with a letter (max 64)";

// [case, manifest (merged over a valid one unless it is an array), field, message fragment]
type Row = [string, Record<string, unknown> | unknown[], string | undefined, string];
const rows: Row[] = [
  ["name is a number", { name: 42 }, "name", "expected a plugin name (string), got number 42"],
  ["version is a number", { version: 1 }, "version", "expected a semver string, got number 1"],
  ["entry is a boolean", { entry: true }, "entry", "got boolean true"],
  ["description is an array", { description: ["x"] }, "description", "got array"],
  ["dependsOn is a string", { dependsOn: "clock" }, "dependsOn", 'got string "clock"'],
  ["dependsOn item is a number", { dependsOn: [1] }, "dependsOn[0]", "got number 1"],
  [
    "enabled is a string",
    { enabled: "yes" },
    "enabled",
    'expected true or false, got string "yes"',
  ],
  ["config is an array", { config: [1] }, "config", "config: expected a JSON object, got array"],
  ["config is null", { config: null }, "config", "expected a JSON object, got null"],
  ["config is a string", { config: "x=1" }, "config", 'got string "x=1"'],
  ["$schema is a number", { $schema: 7 }, "$schema", "got number 7"],
  ["name missing", { name: undefined }, "name", "name: required, but missing"],
  ["version missing", { version: undefined }, "version", "version: required, but missing"],
  ["bad name", { name: "Bad_Name" }, "name", `name: ${NAME_RULE}, got "Bad_Name"`],
  ["name of 65 characters", { name: `a${"b".repeat(64)}` }, "name", "(max 64), got"],
  ["name starting with a digit", { name: "1st" }, "name", 'got "1st"'],
  ["semver 1.x", { version: "1.x" }, "version", 'version: expected semver, got "1.x"'],
  ["semver with a leading zero", { version: "01.2.3" }, "version", 'got "01.2.3"'],
  ["unknown key", { author: "me" }, "author", 'unknown key "author"; allowed keys: $schema, name'],
  ["odd unknown key", { "foo bar": 1 }, '["foo bar"]', 'unknown key "foo bar"'],
  ["key in the wrong case", { dependson: [] }, "dependson", 'did you mean "dependsOn"?'],
  ["entry empty", { entry: "" }, "entry", "expected a relative path, got an empty string"],
  ["dependsOn duplicate", { dependsOn: ["a", "b", "a"] }, "dependsOn[2]", '"a" is listed twice'],
  ["dependsOn itself", { dependsOn: ["a", "greeter"] }, "dependsOn[1]", "cannot depend on itself"],
  ["dependsOn bad name", { dependsOn: ["a", "No Such"] }, "dependsOn[1]", 'got "No Such"'],
  ["JSON array instead of object", [ok], undefined, "expected a JSON object, got array"],
  ["listen above 65535", { listen: 70000 }, "listen", "integer from 0 to 65535, got number 70000"],
  ["listen a fraction", { listen: 80.5 }, "listen", "got number 80.5"],
  ["listen a string", { listen: "3000" }, "listen", 'expected a port, { "port", "hostname" }'],
  ["listen port a string", { listen: { port: "80" } }, "listen", "port: expected a port (number)"],
  ["listen without port", { listen: { hostname: "::1" } }, "listen", "port: required"],
  ["listen with a typo", { listen: { port: 1, host: "x" } }, "listen", 'unknown key "host"'],
  ["listen empty hostname", { listen: { port: 1, hostname: "" } }, "listen.hostname", "empty"],
  [
    "listen relative unix",
    { listen: { unix: "a.sock" } },
    "listen.unix",
    'absolute socket path, got "a.sock"',
  ],
  [
    "listen long unix",
    { listen: { unix: `/${"s".repeat(107)}` } },
    "listen.unix",
    "at most 107 bytes",
  ],
  ["listen unix and port", { listen: { unix: "/a.sock", port: 1 } }, "listen", "not both"],
];

let temp: TempPlugins;
beforeAll(async () => {
  temp = await TempPlugins.create();
});
afterAll(() => temp.cleanup());

describe("readManifest rejects a manifest the schema refuses", () => {
  test("with a distinct name per case", () => {
    expect(new Set(rows.map(([name]) => name)).size).toBe(rows.length);
  });

  test.each(rows)("%s", async (_name, change, field, fragment) => {
    const manifest = Array.isArray(change) ? change : { ...ok, ...change };
    const dir = await temp.plugin(`schema-${rows.findIndex((r) => r[1] === change)}`, { manifest });
    await expectManifestError(dir, { code: "MANIFEST_INVALID", field, fragment });
  });
});
