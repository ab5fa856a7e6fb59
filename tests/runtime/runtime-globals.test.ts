import { expect, test } from "bun:test";
import { readFile } from "node:fs/promises";
import { join, relative } from "node:path";

const SRC = join(import.meta.dir, "..", "..", "src");
const FORBIDDEN = /\b(?:globalThis\.(?:Bun|Deno)\b|Bun\.|Deno\.|require\.cache\b)/;

/** `source` with every comment blanked (newlines kept, so line numbers stay), strings intact. */
function withoutComments(source: string): string {
  let out = "";
  let quote: string | undefined;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (quote !== undefined) {
      out += c;
      if (c === "\\") out += source[++i] ?? "";
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === "`") {
      quote = c;
      out += c;
    } else if (c === "/" && (source[i + 1] === "/" || source[i + 1] === "*")) {
      const block = source[i + 1] === "*";
      const end = block ? source.indexOf("*/", i + 2) : source.indexOf("\n", i);
      const stop = end === -1 ? source.length : block ? end + 2 : end;
      out += source.slice(i, stop).replace(/[^\n]/g, " ");
      i = stop - 1;
    } else {
      out += c;
    }
  }
  return out;
}

test("withoutComments blanks line and block comments, keeps strings and lines", () => {
  const source = 'a // Bun.x\n/* Deno.y\n */ "// not a comment" `/* nor */`';
  const stripped = withoutComments(source);
  expect(stripped.split("\n")).toHaveLength(3);
  expect(stripped).not.toContain("Bun.");
  expect(stripped).not.toContain("Deno.");
  expect(stripped).toContain('"// not a comment"');
  expect(stripped).toContain("`/* nor */`");
});

test.each([
  ["Bun.spawn([])", true],
  ["const t = new Bun.Transpiler()", true],
  ["if (globalThis.Bun) {}", true],
  ["Deno.env.get('X')", true],
  ["delete require.cache[file]", true],
  ['log("needs Bun >= 1.3")', false],
  ["const isBun = runtime.key === 'bun'", false],
])("the check flags %p: %p", (line, flagged) => {
  expect(FORBIDDEN.test(line)).toBe(flagged);
});

test("only src/runtime/ touches a runtime global (Bun., Deno., require.cache)", async () => {
  const offenders: string[] = [];
  for await (const file of new Bun.Glob("**/*.ts").scan({ cwd: SRC })) {
    if (file.startsWith("runtime/")) continue;
    const lines = withoutComments(await readFile(join(SRC, file), "utf8")).split("\n");
    lines.forEach((line, index) => {
      const hit = FORBIDDEN.exec(line);
      if (hit)
        offenders.push(`${relative(process.cwd(), join(SRC, file))}:${index + 1}: ${hit[0]}`);
    });
  }
  expect(offenders).toEqual([]);
});
