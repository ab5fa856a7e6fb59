import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { PluginLoader } from "../../../src/plugin/loader/plugin-loader.ts";
import { createBunRuntime } from "../../../src/runtime/bun-runtime.ts";
import { PluginsDir } from "../../support/plugin-fixture.ts";

let dir: PluginsDir;
const runtime = createBunRuntime();
beforeEach(async () => {
  dir = await PluginsDir.create();
});
afterEach(() => dir.dispose());

/** Scans and imports `entry` as the host does; returns the namespace and the graph's files. */
const load = async (loader: PluginLoader, entry: string, previous: readonly string[] = []) => {
  const graph = loader.scan(entry);
  return { namespace: await loader.import(graph, previous), files: graph.files };
};
const defaultOf = async (loader: PluginLoader, entry: string) =>
  (await load(loader, entry)).namespace.default;
const localGraph = (entry: string) => new PluginLoader(runtime).scan(entry).files;

describe("PluginLoader", () => {
  test("each import runs the entry as it is on disk now", async () => {
    const loader = new PluginLoader(runtime);
    const entry = await dir.write("a/index.ts", "export default 1;");
    expect(await defaultOf(loader, entry)).toBe(1);
    await dir.write("a/index.ts", "export default 2;");
    expect(await defaultOf(loader, entry)).toBe(2);
  });

  test("an edited helper imported by the entry is evaluated again", async () => {
    const loader = new PluginLoader(runtime);
    await dir.write("a/lib/helper.ts", "export const word = 'old';");
    const entry = await dir.write(
      "a/index.ts",
      "import { word } from './lib/helper.ts'; export default word;",
    );
    const first = await load(loader, entry);
    expect(first.namespace.default).toBe("old");
    await dir.write("a/lib/helper.ts", "export const word = 'new';");
    expect(await defaultOf(loader, entry)).toBe("new");
  });

  test("a helper dropped from the graph is evicted with the previous generation", async () => {
    const loader = new PluginLoader(runtime);
    const helper = await dir.write("a/helper.ts", "export const n = 1;");
    const entry = await dir.write(
      "a/index.ts",
      "import { n } from './helper.ts'; export default n;",
    );
    const first = await load(loader, entry);
    expect(first.files).toEqual([entry, helper]);
    await dir.write("a/index.ts", "export default 0;");
    const second = await load(loader, entry, first.files);
    expect(second.files).toEqual([entry]);
    expect(Object.keys(require.cache).some((key) => key.startsWith(helper))).toBe(false);
  });

  test("a module whose evaluation threw is retried, not served from the cache", async () => {
    const loader = new PluginLoader(runtime);
    const entry = await dir.write("a/index.ts", "throw new Error('boom'); export default 1;");
    await expect(load(loader, entry)).rejects.toThrow("boom");
    await dir.write("a/index.ts", "export default 'fixed';");
    expect(await defaultOf(loader, entry)).toBe("fixed");
  });

  test("a syntax error in a helper is reported, and fixing the helper loads", async () => {
    const loader = new PluginLoader(runtime);
    await dir.write("a/helper.ts", "export const n = ;");
    const entry = await dir.write(
      "a/index.ts",
      "import { n } from './helper.ts'; export default n;",
    );
    const error = await load(loader, entry)
      .then(() => undefined)
      .catch((e: { position?: { file: string; line: number } }) => e);
    expect(error?.position?.file).toBe(dir.path("a/helper.ts"));
    expect(error?.position?.line).toBe(1);
    await dir.write("a/helper.ts", "export const n = 7;");
    expect(await defaultOf(loader, entry)).toBe(7);
  });

  test("concurrent imports are serialized and each sees its own code", async () => {
    const loader = new PluginLoader(runtime);
    const entries = await Promise.all(
      Array.from({ length: 8 }, (_, i) => dir.write(`p${i}/index.ts`, `export default ${i};`)),
    );
    const values = await Promise.all(entries.map((entry) => defaultOf(loader, entry)));
    expect(values).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  test("release() drops a generation's modules from the cache", async () => {
    const loader = new PluginLoader(runtime);
    const entry = await dir.write("a/index.ts", "export default 1;");
    const { files } = await load(loader, entry);
    expect(Object.keys(require.cache).some((key) => key.startsWith(entry))).toBe(true);
    await loader.release(files);
    expect(Object.keys(require.cache).some((key) => key.startsWith(entry))).toBe(false);
  });
});

describe("localGraph", () => {
  test("two plugins sharing a helper both map to it; types and packages are left out", async () => {
    const shared = await dir.write("_shared/util.ts", "export const u = 1;");
    await dir.write("a/types.ts", "export interface T { x: number }");
    const a = await dir.write(
      "a/index.ts",
      [
        "import type { T } from './types.ts';",
        "import { u } from '../_shared/util.ts';",
        "import { join } from 'node:path';",
        "import * as v from 'valibot';",
        "export default { u, join, v } as unknown as T;",
      ].join("\n"),
    );
    const b = await dir.write(
      "b/index.js",
      "export { u } from '../_shared/util.ts'; export const lazy = () => import('./more.js');",
    );
    const more = await dir.write("b/more.js", "export default 1;");
    expect(localGraph(a)).toEqual([a, shared]);
    expect(localGraph(b)).toEqual([b, shared, more]);
  });

  test("cycles between local modules terminate", async () => {
    const x = await dir.write("a/x.ts", "import './y.ts'; export const x = 1;");
    const y = await dir.write("a/y.ts", "import './x.ts'; export const y = 1;");
    expect(localGraph(x)).toEqual([x, y]);
  });
});

describe("memory", () => {
  test("2,000 reloads of a small plugin grow RSS by less than 10 MB", async () => {
    const script = join(import.meta.dir, "fixtures", "reload-memory.ts");
    const proc = Bun.spawn(["bun", script, "2000"], { stdout: "pipe", stderr: "inherit" });
    expect(await proc.exited).toBe(0);
    const { growth } = JSON.parse(await new Response(proc.stdout).text());
    expect(growth).toBeLessThan(10 * 1024 * 1024);
  }, 60_000);
});
