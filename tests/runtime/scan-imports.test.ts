import { describe, expect, test } from "bun:test";
import { jsTokens } from "../../src/runtime/js-tokens.ts";
import { scanImports } from "../../src/runtime/scan-imports.ts";

/** [what, source, the specifiers imported at run time] */
const CASES: [string, string, string[]][] = [
  ["default import", 'import a from "./a.ts";', ["./a.ts"]],
  ["named imports", "import { a, b as c } from './b.ts'", ["./b.ts"]],
  ["namespace import", 'import * as ns from "./c.ts";', ["./c.ts"]],
  ["default and named", 'import a, { b } from "./d.ts";', ["./d.ts"]],
  ["default and namespace", 'import a, * as ns from "./e.ts";', ["./e.ts"]],
  ["side effect", 'import "./f.ts";', ["./f.ts"]],
  ["multi-line", 'import {\n  a,\n  b,\n} from\n  "./g.ts";', ["./g.ts"]],
  ["empty braces", 'import {} from "./h.ts";', ["./h.ts"]],
  ["import attributes", 'import data from "./i.json" with { type: "json" };', ["./i.json"]],
  ["export star", 'export * from "./j.ts";', ["./j.ts"]],
  ["export star as", 'export * as ns from "./k.ts";', ["./k.ts"]],
  ["export named from", 'export { a, b as c } from "./l.ts";', ["./l.ts"]],
  ["export empty from", 'export {} from "./m.ts";', ["./m.ts"]],
  ["dynamic import", 'const m = await import("./n.ts");', ["./n.ts"]],
  ["dynamic import with options", 'import("./o.json", { with: { type: "json" } });', ["./o.json"]],
  ["dynamic import, template", "await import(`./p.ts`);", ["./p.ts"]],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript source under test
  ["dynamic import, computed", 'import("./q" + name); import(`./${name}.ts`);', []],
  ["import type", 'import type { A } from "./r.ts";', []],
  ["import type default", 'import type A from "./s.ts";', []],
  ["import type namespace", 'import type * as T from "./t.ts";', []],
  ["inline types only", 'import { type A, type B as C } from "./u.ts";', []],
  ["inline type and value", 'import { type A, b } from "./v.ts"; b;', ["./v.ts"]],
  ["a value named type", 'import { type } from "./w.ts"; type;', ["./w.ts"]],
  ["a default named type", 'import type from "./x.ts"; type;', ["./x.ts"]],
  ["export type", 'export type { A } from "./y.ts"; export type * from "./z.ts";', []],
  ["export inline types only", 'export { type A } from "./aa.ts";', []],
  ["line comment", '// import a from "./ab.ts"\nconst x = 1;', []],
  ["block comment", '/* import "./ac.ts";\n export * from "./ad.ts" */', []],
  ["string", "const s = \"import a from './ae.ts'\";", []],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript source under test
  ["template", 'const s = `import "./af.ts" ${1} export * from "./ag.ts"`;', []],
  ["escaped backtick in a template", "const s = `\\` import './al.ts' `;", []],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript source under test
  ["import in a template expression", 'const s = `${await import("./ah.ts")}`;', ["./ah.ts"]],
  ["regex", 'const r = /import "\\.\\/ai.ts"/; const d = 4 / 2; import "./aj.ts";', ["./aj.ts"]],
  ["import.meta", "const u = import.meta.url; export const x = 1;", []],
  ["a method named import", 'loader.import("./ak.ts"); const o = { import: 1 };', []],
  ["declarations", "export const a = 1; export default function f() {} export { a as b };", []],
  [
    "packages too",
    'import { x } from "valibot"; import fs from "node:fs"; x; fs;',
    ["valibot", "node:fs"],
  ],
  [
    "source order",
    'import "./1.ts";\nexport { a } from "./2.ts";\nawait import("./3.ts");',
    ["./1.ts", "./2.ts", "./3.ts"],
  ],
];

describe("scanImports", () => {
  test.each(CASES)("%s", (_what, source, expected) => {
    expect(scanImports(source)).toEqual(expected);
  });

  // Bun's scanner is the reference on Bun: where both run, they must agree. (Bun also drops
  // unused imports, so every imported binding is used in these cases.)
  test.each(CASES)("agrees with Bun.Transpiler: %s", (_what, source) => {
    const bun = new Bun.Transpiler({ loader: "ts" }).scanImports(source).map((i) => i.path);
    expect(scanImports(source)).toEqual(bun);
  });

  test("tolerates broken source", () => {
    for (const source of [
      'import { a from "./x.ts"',
      "import",
      "`unterminated ${",
      "/* open",
      "'open",
    ]) {
      expect(() => scanImports(source)).not.toThrow();
    }
  });
});

describe("jsTokens", () => {
  test("keeps names, strings and punctuation; drops comments and whitespace", () => {
    expect(jsTokens('import {a} from "x" // c\n/* d */;')).toEqual([
      { kind: "name", value: "import" },
      { kind: "punct", value: "{" },
      { kind: "name", value: "a" },
      { kind: "punct", value: "}" },
      { kind: "name", value: "from" },
      { kind: "string", value: "x" },
      { kind: "punct", value: ";" },
    ]);
  });

  test("a string does not run past its line (unbalanced quotes in JSX text)", () => {
    const tokens = jsTokens("const a = <p>it's</p>;\nimport './b.ts';");
    expect(tokens).toContainEqual({ kind: "string", value: "./b.ts" });
  });

  test("division is not a regex; a regex after return is", () => {
    expect(jsTokens("a / b / c").filter((t) => t.kind === "punct")).toHaveLength(2);
    expect(jsTokens('return /"/.test(x)').filter((t) => t.kind === "string")).toEqual([]);
  });
});
