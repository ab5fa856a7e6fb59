import { describe, expect, test } from "bun:test";
import { checkManifestSet } from "../../../src/plugin/manifest/check-manifests.ts";
import type { LoadedManifest } from "../../../src/plugin/manifest/read-manifest.ts";
import { loaded } from "./loaded-manifest.ts";

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

  test("names both plugins that claim one address", () => {
    const list = [loaded("a", "a", 3000), loaded("b", "b", { port: 3000, hostname: "127.0.0.1" })];
    expect(summary(list)).toEqual([
      {
        code: "MANIFEST_DUPLICATE_LISTEN",
        file: "plugins/b/plugin.json",
        field: "listen",
        message:
          'plugins/b/plugin.json: listen: plugin "b" listens on 127.0.0.1:3000, ' +
          'but plugin "a" (plugins/a/plugin.json) already listens on 127.0.0.1:3000',
      },
    ]);
  });

  test.each([
    ["a wildcard host and loopback", { port: 80, hostname: "0.0.0.0" }, 80, true],
    ["localhost and 127.0.0.1", { port: 80, hostname: "localhost" }, 80, true],
    ["one socket path", { unix: "/run/a.sock" }, { unix: "/run/x/../a.sock" }, true],
    ["two ports", 80, 81, false],
    ["two hosts", { port: 80, hostname: "127.0.0.1" }, { port: 80, hostname: "10.0.0.2" }, false],
    ["port 0 twice (any free port)", 0, 0, false],
    ["a port and a socket", 80, { unix: "/run/80.sock" }, false],
  ] as const)("%s collide: %p", (_what, first, second, collide) => {
    const errors = checkManifestSet([loaded("a", "a", first), loaded("b", "b", second)]);
    expect(errors.map((e) => e.code)).toEqual(collide ? ["MANIFEST_DUPLICATE_LISTEN"] : []);
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
