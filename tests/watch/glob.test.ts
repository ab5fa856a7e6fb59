import { describe, expect, test } from "bun:test";
import { createPathFilter, createPathRules, globToRegExp } from "../../src/watch/glob.ts";

describe("globToRegExp", () => {
  const cases: [glob: string, path: string, matches: boolean][] = [
    ["*.ts", "a.ts", true],
    ["*.ts", "a.tsx", false],
    ["*.ts", "dir/a.ts", false],
    ["src/*.ts", "src/a.ts", true],
    ["src/*.ts", "src/x/a.ts", false],
    ["src/**/*.ts", "src/a.ts", true],
    ["src/**/*.ts", "src/x/y/a.ts", true],
    ["**/*.ts", "a.ts", true],
    ["**/*.ts", "x/a.ts", true],
    ["src/**", "src/x/y", true],
    ["src/**", "srcx/y", false],
    ["a**b", "axxb", true],
    ["a**b", "ax/xb", false],
    ["?.ts", "a.ts", true],
    ["?.ts", "ab.ts", false],
    ["?", "/", false],
    ["*.{ts,js}", "a.js", true],
    ["*.{ts,js}", "a.json", false],
    ["{src,lib}/{a,b*}.ts", "lib/bee.ts", true],
    ["[abc].ts", "b.ts", true],
    ["[abc].ts", "d.ts", false],
    ["[a-c].ts", "c.ts", true],
    ["[!a-c].ts", "d.ts", true],
    ["[!a-c].ts", "a.ts", false],
    ["[!a]", "/", false],
    ["[]a].ts", "].ts", true],
    ["[unclosed", "[unclosed", true],
    ["a.b", "axb", false],
    ["a+(b)", "a+(b)", true],
    ["\\*.ts", "*.ts", true],
    ["\\*.ts", "a.ts", false],
    ["*~", "x~", true],
    [".#*", ".#x", true],
  ];
  test.each(cases)("%p against %p is %p", (glob, path, expected) => {
    expect(globToRegExp(glob).test(path)).toBe(expected);
  });

  test("an unclosed brace is a TypeError that names the glob", () => {
    expect(() => globToRegExp("{a,b")).toThrow('Cannot compile glob "{a,b": unclosed "{"');
  });
});

describe("createPathFilter", () => {
  const cases: [options: Parameters<typeof createPathFilter>[0], path: string, kept: boolean][] = [
    [{}, "index.ts", true],
    [{}, "deep/er/plugin.json", true],
    [{}, "node_modules/x.js", false],
    [{}, "a/node_modules/b/c.js", false],
    [{}, ".git/HEAD", false],
    [{}, "a.swp", false],
    [{}, "sub/a.swx", false],
    [{}, "4913", false],
    [{}, "x~", false],
    [{}, ".#x", false],
    [{}, "y.tmp", false],
    [{}, "a.tmp/inside.ts", false],
    [{}, ".gitignore", true],
    [{}, "greeter/index.test.ts", false],
    [{}, "greeter/api.spec.js", false],
    [{}, "greeter/__snapshots__/index.test.ts.snap", false],
    [{}, "greeter/testing.ts", true],
    [{ include: ["*.ts"] }, "a/b.ts", true],
    [{ include: ["*.ts"] }, "a/b.js", false],
    [{ include: ["src/**/*.ts"] }, "src/a/b.ts", true],
    [{ include: ["src/**/*.ts"] }, "lib/a.ts", false],
    [{ include: ["./src/*.ts"] }, "src/a.ts", true],
    [{ include: ["*.ts"] }, "node_modules/a.ts", false],
    [{ exclude: ["dist"] }, "dist/a.js", false],
    [{ exclude: ["dist/"] }, "dist/a.js", false],
    [{ exclude: ["/build/out"] }, "build/out/a.js", false],
    [{ exclude: ["build/out"] }, "x/build/out/a.js", true],
    [{ exclude: ["*.test.ts"] }, "a/b.test.ts", false],
  ];
  test.each(cases)("%j keeps %p: %p", (options, path, kept) => {
    expect(createPathFilter(options)(path)).toBe(kept);
  });

  test("prunes folders that are excluded, or below an excluded one", () => {
    const rules = createPathRules({ include: ["*.ts"] });
    expect(rules.prunes("node_modules")).toBe(true);
    expect(rules.prunes("a/.git/objects")).toBe(true);
    // include never prunes a folder: src does not match *.ts, its files do.
    expect(rules.prunes("src")).toBe(false);
  });
});
