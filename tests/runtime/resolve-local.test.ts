import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { resolveLocal } from "../../src/runtime/resolve-local.ts";

let root: string;
const FILES = [
  "p/index.ts",
  "p/helper.ts",
  "p/view.tsx",
  "p/plain.js",
  "p/esm.mjs",
  "p/typed.mts",
  "p/data.json",
  "p/lib/index.ts",
  "p/js-lib/index.js",
  "shared/util.ts",
  "node_modules/fake-pkg/package.json",
  "node_modules/fake-pkg/main.js",
];

beforeAll(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), "hotplug-resolve-")));
  for (const file of FILES) {
    await mkdir(dirname(join(root, file)), { recursive: true });
    const main = file.endsWith("package.json") ? '{"name":"fake-pkg","main":"main.js"}' : "";
    await writeFile(join(root, file), main);
  }
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("resolveLocal", () => {
  test.each([
    ["./helper.ts", "p/helper.ts"],
    ["./helper", "p/helper.ts"],
    ["./helper.js", "p/helper.ts"],
    ["./view", "p/view.tsx"],
    ["./view.jsx", "p/view.tsx"],
    ["./plain", "p/plain.js"],
    ["./plain.js", "p/plain.js"],
    ["./esm", "p/esm.mjs"],
    ["./typed.mjs", "p/typed.mts"],
    ["./data.json", "p/data.json"],
    ["./lib", "p/lib/index.ts"],
    ["./js-lib", "p/js-lib/index.js"],
    ["../shared/util.ts", "shared/util.ts"],
    ["../shared/util", "shared/util.ts"],
    ["./helper.ts?raw", "p/helper.ts"],
    ["fake-pkg", "node_modules/fake-pkg/main.js"],
  ])("%p from p/ is %p, as Bun.resolveSync says", (specifier, expected) => {
    const fromDir = join(root, "p");
    expect(resolveLocal(specifier, fromDir)).toBe(join(root, expected));
    if (!specifier.includes("?"))
      expect(Bun.resolveSync(specifier, fromDir)).toBe(join(root, expected));
  });

  test("absolute paths and file: URLs", () => {
    const file = join(root, "p", "helper.ts");
    expect(resolveLocal(join(root, "p", "helper"), "/")).toBe(file);
    expect(resolveLocal(pathToFileURL(file).href, "/")).toBe(file);
  });

  test.each(["./missing", "../nowhere/x.ts", "no-such-package", "./lib/missing"])(
    "%p is undefined",
    (specifier) => {
      expect(resolveLocal(specifier, join(root, "p"))).toBeUndefined();
    },
  );
});
