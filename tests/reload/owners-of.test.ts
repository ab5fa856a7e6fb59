import { describe, expect, test } from "bun:test";
import { ownersOf } from "../../src/reload/owners-of.ts";

const root = "/p";
const plugins = [
  { dir: "/p/a", files: ["/p/a/index.ts", "/p/_shared/util.ts"] },
  { dir: "/p/b", files: ["/p/b/index.ts", "/p/_shared/util.ts", "/p/b/lib/x.ts"] },
  { dir: "/p/c", files: ["/p/c/index.ts", "/libs/shared/index.ts"] },
  { dir: "/p/d", files: ["/p/d/index.ts", "/libs/shared/index.ts"] },
];

describe("ownersOf", () => {
  test.each([
    ["a plugin's entry", "/p/a/index.ts", ["/p/a"]],
    ["a plugin's manifest", "/p/c/plugin.json", ["/p/c"]],
    ["a nested file of a plugin", "/p/b/lib/deep/y.ts", ["/p/b"]],
    [
      "a shared helper imported by two plugins",
      "/p/_shared/util.ts",
      ["/p/_shared", "/p/a", "/p/b"],
    ],
    ["a new plugin folder", "/p/e/plugin.json", ["/p/e"]],
    ["a deleted plugin folder", "/p/c", ["/p/c"]],
    ["the root itself", "/p", []],
    [
      "a ConfigMap's ..data swapped to a new release",
      "/p/..data",
      ["/p/a", "/p/b", "/p/c", "/p/d"],
    ],
    ["a hidden file no plugin imports", "/p/.DS_Store", []],
    ["a path outside the root that no plugin imports", "/elsewhere/x.ts", []],
    [
      "a workspace package's file outside the root: its importers",
      "/libs/shared/index.ts",
      ["/p/c", "/p/d"],
    ],
  ])("%s", (_, path, expected) => {
    expect(ownersOf(path, { dir: root, realDir: root }, plugins).sort()).toEqual(expected);
  });
});
