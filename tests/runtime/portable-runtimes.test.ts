import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, lstatSync } from "node:fs";
import { mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createDenoRuntime } from "../../src/runtime/deno-runtime.ts";
import { createNodeRuntime } from "../../src/runtime/node-runtime.ts";
import { VERSION_HOOK_SOURCE } from "../../src/runtime/node-version-hook.ts";

let dir: string;
beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), "hotplug-portable-")));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

// `bun test` runs no exit handlers: remove the Deno runtime's links here.
const denoRuntimes: ReturnType<typeof createDenoRuntime>[] = [];
const createDeno = () => {
  const runtime = createDenoRuntime();
  denoRuntimes.push(runtime);
  return runtime;
};
afterEach(() => {
  for (const runtime of denoRuntimes.splice(0)) runtime.dispose();
});

describe.each([
  ["node", createNodeRuntime],
  ["deno", createDeno],
])("the %s runtime", (key, create) => {
  test("cannot evict: evict is a no-op", () => {
    const runtime = create();
    expect(runtime.key).toBe(key as "node" | "deno");
    expect(runtime.canEvict).toBe(false);
    expect(() => runtime.evict(["/x.ts"])).not.toThrow();
    expect(() => runtime.evictUnder(["/node_modules/x"])).not.toThrow();
  });

  test("scans with the portable parser and resolves by path", async () => {
    const runtime = create();
    const source =
      'import type { A } from "./a.ts";\nimport { b } from "./b.ts";\nawait import("./c.ts");';
    expect(runtime.scanImports("/x/index.ts", source)).toEqual(["./b.ts", "./c.ts"]);
    await writeFile(join(dir, "b.ts"), "");
    expect(runtime.resolve("./b", dir)).toBe(join(dir, "b.ts"));
    expect(runtime.resolve("./missing", dir)).toBeUndefined();
  });

  test("every versioned specifier is a new file: URL of the same file", async () => {
    const runtime = create();
    const file = join(dir, "entry file.ts");
    await writeFile(file, "");
    const first = runtime.versionedSpecifier(file, 1);
    const again = runtime.versionedSpecifier(file, 1);
    expect(first).not.toBe(again);
    for (const specifier of [first, again]) {
      expect(specifier).toMatch(/^file:\/\/\/.*\?v=\d+$/);
      const path = fileURLToPath(specifier.slice(0, specifier.indexOf("?")));
      expect(await realpath(path)).toBe(file);
    }
  });

  test("shares one module lock per process", () => {
    expect(create().moduleLock).toBe(create().moduleLock);
  });
});

test("the deno runtime imports through a fresh path, so relative imports get new URLs", () => {
  const runtime = createDeno();
  const a = new URL(runtime.versionedSpecifier("/p/index.ts", 1));
  const b = new URL(runtime.versionedSpecifier("/p/index.ts", 2));
  expect(new URL("./helper.ts", a).href).not.toBe(new URL("./helper.ts", b).href);
  expect(new URL("./helper.ts", a).pathname).toEndWith("/p/helper.ts");
});

test("disposing the deno runtime removes its links, not what they point at", () => {
  const runtime = createDeno();
  const specifier = runtime.versionedSpecifier(join(dir, "kept.ts"), 1);
  const path = fileURLToPath(specifier);
  const link = path.slice(0, path.indexOf(dir)); // <links folder>/1
  expect(lstatSync(link).isSymbolicLink()).toBe(true);
  runtime.dispose();
  expect(existsSync(dirname(link))).toBe(false);
  expect(existsSync(dir)).toBe(true);
});

describe("node's version hook", () => {
  type Resolve = (
    specifier: string,
    context: { parentURL?: string },
    next: (specifier: string) => Promise<{ url: string; format?: string }>,
  ) => Promise<{ url: string; format?: string }>;
  let resolve: Resolve;
  beforeAll(async () => {
    const file = join(dir, "hook.mjs");
    await writeFile(file, VERSION_HOOK_SOURCE);
    resolve = (await import(file)).resolve;
  });
  const next = (url: string) => async () => ({ url, format: "module" });

  test.each([
    [
      "a local import of a versioned module",
      "file:///p/index.ts?v=7",
      "file:///p/helper.ts",
      "file:///p/helper.ts?v=7",
    ],
    [
      "through a hash",
      "file:///p/index.ts?v=7#x",
      "file:///p/helper.ts",
      "file:///p/helper.ts?v=7",
    ],
    ["an unversioned parent", "file:///p/index.ts", "file:///p/helper.ts", "file:///p/helper.ts"],
    ["another query", "file:///p/index.ts?raw", "file:///p/helper.ts", "file:///p/helper.ts"],
    [
      "a package",
      "file:///p/index.ts?v=7",
      "file:///p/node_modules/x/i.js",
      "file:///p/node_modules/x/i.js",
    ],
    ["a built-in", "file:///p/index.ts?v=7", "node:fs", "node:fs"],
    [
      "a child with its own query",
      "file:///p/index.ts?v=7",
      "file:///p/a.ts?x=1",
      "file:///p/a.ts?x=1",
    ],
    ["a data: parent", "data:text/javascript,?v=7", "file:///p/a.ts", "file:///p/a.ts"],
  ])("%s", async (_what, parentURL, resolved, expected) => {
    const result = await resolve("./whatever", { parentURL }, next(resolved));
    expect(result).toEqual({ url: expected, format: "module" });
  });

  test("the entry itself (no parent) is left alone", async () => {
    const result = await resolve("file:///p/index.ts?v=1", {}, next("file:///p/index.ts?v=1"));
    expect(result.url).toBe("file:///p/index.ts?v=1");
  });
});
