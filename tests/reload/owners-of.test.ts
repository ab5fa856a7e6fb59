import { describe, expect, test } from "bun:test";
import { ownersOf } from "../../src/reload/owners-of.ts";

const root = "/p";
const plugins = [
  { dir: "/p/a", files: ["/p/a/index.ts", "/p/_shared/util.ts"] },
  { dir: "/p/b", files: ["/p/b/index.ts", "/p/_shared/util.ts", "/p/b/lib/x.ts"] },
  { dir: "/p/c", files: ["/p/c/index.ts"] },
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
    ["a new plugin folder", "/p/d/plugin.json", ["/p/d"]],
    ["a deleted plugin folder", "/p/c", ["/p/c"]],
    ["the root itself", "/p", []],
    ["a ConfigMap's ..data swapped to a new release", "/p/..data", ["/p/a", "/p/b", "/p/c"]],
    ["a hidden file no plugin imports", "/p/.DS_Store", []],
    ["a path outside the root", "/elsewhere/x.ts", []],
  ])("%s", (_, path, expected) => {
    expect(ownersOf(path, { dir: root, realDir: root }, plugins).sort()).toEqual(expected);
  });
});
