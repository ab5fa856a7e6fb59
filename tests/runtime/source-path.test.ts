import { expect, test } from "bun:test";
import { createDenoRuntime } from "../../src/runtime/deno-runtime.ts";
import { plainSourcePath } from "../../src/runtime/source-path.ts";

test.each([
  ["/p/a/index.ts", "/p/a/index.ts"],
  ["/p/a/index.ts?v=12", "/p/a/index.ts"],
  ["file:///p/a/index.ts?v=3", "/p/a/index.ts"],
  ["file:///p/a%20b/x.ts", "/p/a b/x.ts"],
  ["file:///tmp/hotplug-deno-4242-Ab12Cd/7/p/a/index.ts?v=7", "/p/a/index.ts"],
  ["/tmp/hotplug-deno-4242-Ab12Cd/7/p/a/helper.ts", "/p/a/helper.ts"],
  ["/p/hotplug-deno-notes/7/x.ts", "/p/hotplug-deno-notes/7/x.ts"],
])("a stack frame's %p is the file %p", (location, path) => {
  expect(plainSourcePath(location)).toBe(path);
});

test("on Deno, a module seen through a version link maps back to its real file", () => {
  const deno = createDenoRuntime();
  try {
    const specifier = deno.versionedSpecifier("/p/a/index.ts", 1);
    expect(specifier).not.toStartWith("file:///p/");
    expect(deno.sourcePath(specifier)).toBe("/p/a/index.ts");
    expect(deno.sourcePath("/elsewhere/x.ts")).toBe("/elsewhere/x.ts");
  } finally {
    (deno as { dispose?: () => void }).dispose?.();
  }
});
