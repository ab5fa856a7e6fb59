import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createBunRuntime } from "../../src/runtime/bun-runtime.ts";

let dir: string;
beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), "hotplug-bun-runtime-")));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("the bun runtime", () => {
  const runtime = createBunRuntime();

  test("versions a plain absolute path with a query, and evicts", () => {
    expect(runtime.key).toBe("bun");
    expect(runtime.canEvict).toBe(true);
    expect(runtime.versionedSpecifier("/p/index.ts", 3)).toBe("/p/index.ts?v=3");
    expect(createBunRuntime().moduleLock).toBe(runtime.moduleLock);
  });

  test("evicting the graph makes the next import run the edited helper", async () => {
    const entry = join(dir, "index.ts");
    const helper = join(dir, "helper.ts");
    await writeFile(entry, 'import { word } from "./helper.ts";\nexport default word;\n');
    await writeFile(helper, 'export const word = "one";\n');
    const v1 = runtime.versionedSpecifier(entry, 1);
    const first = await import(v1);
    await writeFile(helper, 'export const word = "two";\n');
    runtime.evict([v1, helper]);
    const v2 = runtime.versionedSpecifier(entry, 2);
    const second = await import(v2);
    expect([first.default, second.default]).toEqual(["one", "two"]);
    expect(Object.keys(require.cache).filter((key) => key.startsWith(dir))).toHaveLength(2);
    runtime.evict([v2, helper]);
    expect(Object.keys(require.cache).filter((key) => key.startsWith(dir))).toEqual([]);
  });

  test("evicting under a package's root drops its every module, and nothing else", async () => {
    const root = join(dir, "node_modules", "pkg");
    await mkdir(join(root, "lib"), { recursive: true });
    await writeFile(join(root, "index.js"), 'export { n } from "./lib/n.js";\n');
    await writeFile(join(root, "lib", "n.js"), "export const n = 1;\n");
    await writeFile(join(dir, "pkg-user.ts"), 'export { n } from "./node_modules/pkg/index.js";\n');
    const first = await import(join(dir, "pkg-user.ts"));
    const cached = () =>
      Object.keys(require.cache)
        .filter((key) => key.startsWith(dir))
        .sort();
    expect(cached()).toEqual([
      join(root, "index.js"),
      join(root, "lib", "n.js"),
      join(dir, "pkg-user.ts"),
    ]);
    await writeFile(join(root, "lib", "n.js"), "export const n = 2;\n");
    runtime.evictUnder([root]);
    expect(cached()).toEqual([join(dir, "pkg-user.ts")]);
    runtime.evict([join(dir, "pkg-user.ts")]);
    const second = await import(join(dir, "pkg-user.ts"));
    expect([first.n, second.n]).toEqual([1, 2]);
    runtime.evictUnder([]);
    runtime.evictUnder([`${dir}/`]);
    expect(cached()).toEqual([]);
  });

  test.each([
    ["a.ts", 'import type { A } from "./t"; import { b } from "./b"; b;'],
    ["a.tsx", 'import { b } from "./b"; export const C = () => <p>{b}</p>;'],
    ["a.jsx", 'import { b } from "./b"; export const C = () => <p>{b}</p>;'],
    ["a.mjs", 'import { b } from "./b"; b;'],
  ])("scans %s with the matching loader", (file, source) => {
    // JSX also imports its runtime (react/jsx-dev-runtime).
    const imports = runtime.scanImports(file, source);
    expect(imports[0]).toBe("./b");
    expect(imports).not.toContain("./t");
  });

  test("resolves with Bun.resolveSync, undefined when nothing is there", async () => {
    await writeFile(join(dir, "util.ts"), "");
    expect(runtime.resolve("./util", dir)).toBe(join(dir, "util.ts"));
    expect(runtime.resolve("./missing", dir)).toBeUndefined();
  });
});
