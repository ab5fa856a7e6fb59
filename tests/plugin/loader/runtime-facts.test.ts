// DESIGN.md's "runtime facts, measured on Bun 1.4.5", kept true by tests: if a Bun upgrade
// changes one of them, the loader's design must be looked at again.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { pathToFileURL } from "node:url";
import { PluginsDir } from "../../support/plugin-fixture.ts";

let dir: PluginsDir;
let version = 0;
beforeEach(async () => {
  dir = await PluginsDir.create();
});
afterEach(() => dir.dispose());

const load = async (specifier: string) =>
  ((await import(specifier)) as { default: unknown }).default;

describe("Bun's module cache", () => {
  test("a ?v= query on an absolute path re-evaluates the entry", async () => {
    const entry = await dir.write("a/index.ts", "export default 1;");
    expect(await load(`${entry}?v=${++version}`)).toBe(1);
    await dir.write("a/index.ts", "export default 2;");
    expect(await load(`${entry}?v=${++version}`)).toBe(2);
  });

  test("a ?v= query on a file:// URL does not", async () => {
    const entry = await dir.write("a/index.ts", "export default 1;");
    const url = pathToFileURL(entry).href;
    expect(await load(`${url}?v=${++version}`)).toBe(1);
    await dir.write("a/index.ts", "export default 2;");
    expect(await load(`${url}?v=${++version}`)).toBe(1);
  });

  test("the query busts only the entry: an edited helper stays cached until evicted", async () => {
    const helper = await dir.write("a/helper.ts", "export const n = 1;");
    const entry = await dir.write(
      "a/index.ts",
      "import { n } from './helper.ts'; export default n;",
    );
    expect(await load(`${entry}?v=${++version}`)).toBe(1);
    await dir.write("a/helper.ts", "export const n = 2;");
    expect(await load(`${entry}?v=${++version}`)).toBe(1);
    delete require.cache[helper];
    expect(await load(`${entry}?v=${++version}`)).toBe(2);
  });

  test("a module whose evaluation threw is not listed in require.cache, yet stays cached", async () => {
    const helper = await dir.write("a/helper.ts", "throw new Error('first');");
    const entry = await dir.write("a/index.ts", "import './helper.ts'; export default 'ok';");
    await expect(load(`${entry}?v=${++version}`)).rejects.toThrow("first");
    expect(helper in require.cache).toBe(false);
    await dir.write("a/helper.ts", "export {};");
    await expect(load(`${entry}?v=${++version}`)).rejects.toThrow("first");
    delete require.cache[helper];
    expect(await load(`${entry}?v=${++version}`)).toBe("ok");
  });
});
