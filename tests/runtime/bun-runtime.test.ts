import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
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
