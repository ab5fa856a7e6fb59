import { describe, expect, test } from "bun:test";
import { checkManifestSet } from "../../../src/plugin/manifest/check-manifests.ts";
import type { Manifest } from "../../../src/plugin/manifest/manifest-schema.ts";
import type { LoadedManifest } from "../../../src/plugin/manifest/read-manifest.ts";

/** `loaded("a:b,c")`: plugin a in folder a, depending on b and c. */
function loaded(spec: string, folder = spec.split(":")[0]): LoadedManifest {
  const [name = "", deps] = spec.split(":");
  const manifest: Manifest = {
    name,
    version: "1.0.0",
    ...(deps ? { dependsOn: deps.split(",") } : {}),
  };
  const dir = `/srv/plugins/${folder}`;
  return {
    manifest,
    slot: dir,
    dir,
    file: `plugins/${folder}/plugin.json`,
    entryPath: `${dir}/index.ts`,
    path: `${dir}/plugin.json`,
    digest: "",
  };
}

const summary = (list: LoadedManifest[]) =>
  checkManifestSet(list).map((e) => ({
    code: e.code,
    file: e.file,
    field: e.field,
    message: e.message,
  }));

describe("checkManifestSet", () => {
  test("finds nothing wrong in a sound set", () => {
    expect(checkManifestSet([loaded("a:b"), loaded("b"), loaded("c:a,b")])).toEqual([]);
  });

  test("names both files of a duplicate name", () => {
    expect(summary([loaded("a"), loaded("a", "a-copy")])).toEqual([
      {
        code: "MANIFEST_DUPLICATE_NAME",
        file: "plugins/a-copy/plugin.json",
        field: "name",
        message:
          "plugins/a-copy/plugin.json: name: " +
          'plugin name "a" is already used by plugins/a/plugin.json',
      },
    ]);
  });

  test("names the plugin, file, field and missing name of an unknown dependency", () => {
    expect(summary([loaded("greeter:clock,db"), loaded("db")])).toEqual([
      {
        code: "MANIFEST_UNKNOWN_DEPENDENCY",
        file: "plugins/greeter/plugin.json",
        field: "dependsOn[0]",
        message:
          'plugins/greeter/plugin.json: dependsOn[0]: plugin "greeter" depends on "clock", ' +
          'but no plugin named "clock" exists',
      },
    ]);
  });

  test("reports a cycle of two in dependency order", () => {
    expect(summary([loaded("b:a"), loaded("a:b")])).toEqual([
      {
        code: "MANIFEST_DEPENDENCY_CYCLE",
        file: "plugins/a/plugin.json",
        field: "dependsOn",
        message: "plugins/a/plugin.json: dependsOn: dependency cycle: a -> b -> a",
      },
    ]);
  });

  test("reports a cycle of three, not the plugin that merely depends on it", () => {
    const errors = checkManifestSet([loaded("c:a"), loaded("a:b"), loaded("b:c"), loaded("d:a")]);
    expect(errors.map((e) => e.message)).toEqual([
      "plugins/a/plugin.json: dependsOn: dependency cycle: a -> b -> c -> a",
    ]);
  });

  test("lists every problem of a messy set", () => {
    const list = [loaded("a:b"), loaded("b:a"), loaded("a", "a2"), loaded("c:ghost")];
    expect(checkManifestSet(list).map((e) => e.code)).toEqual([
      "MANIFEST_DUPLICATE_NAME",
      "MANIFEST_UNKNOWN_DEPENDENCY",
      "MANIFEST_DEPENDENCY_CYCLE",
    ]);
  });
});
