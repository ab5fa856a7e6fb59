import { expect, test } from "bun:test";
import { symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { useHost } from "../support/host-fixture.ts";

const t = useHost();

test("a helper that throws while imported is named, with its line and code frame", async () => {
  await t.dir.plugin({
    name: "a",
    files: {
      "index.ts": "import { x } from './lib/helper.ts';\nexport default { setup: () => ({ x }) };",
      "lib/helper.ts": "export const x = 1;\nthrow new Error('helper broke');\n",
    },
  });
  await t.host({}, false);
  const [failed] = t.log.of("plugin:failed");
  expect(failed).toMatchObject({ plugin: "a", phase: "import", file: "a/lib/helper.ts", line: 2 });
  expect(failed?.message).toStartWith("a: plugins/a/lib/helper.ts:2:");
  expect(failed?.message).toContain("helper broke");
  expect(failed?.frame).toStartWith("2 | throw new Error('helper broke');\n  | ");
});

test("a missing helper is reported without version queries or absolute paths", async () => {
  await t.dir.plugin({
    name: "a",
    files: { "index.ts": "import './gone.ts';\nexport default { setup: () => ({}) };" },
  });
  await t.host({}, false);
  const [failed] = t.log.of("plugin:failed");
  expect(failed).toMatchObject({ plugin: "a", phase: "import", file: "a/index.ts" });
  expect(failed?.message).toContain("./gone.ts");
  expect(failed?.message).not.toContain("?v=");
  expect(failed?.message).not.toContain(dirname(t.dir.root));
});

test("a save with several syntax errors lists each with its location and code frame", async () => {
  const lines = ["const a = 1;", "const a = 2;", "let b = 1;", "let b = 2;"];
  await t.dir.plugin({
    name: "a",
    files: { "index.ts": `${lines.join("\n")}\nexport default { setup: () => ({}) };\n` },
  });
  await t.host({}, false);
  const [failed] = t.log.of("plugin:failed");
  expect(failed).toMatchObject({ phase: "import", file: "a/index.ts", line: 2, column: 7 });
  expect(failed?.message).toBe(
    `a: plugins/a/index.ts:2:7: "a" has already been declared (and 1 more error)`,
  );
  expect(failed?.frame).toBe("2 | const a = 2;\n  |       ^");
  const file = join(t.dir.root, "a", "index.ts");
  expect(failed?.report?.errors).toEqual([
    {
      message: '"a" has already been declared',
      location: { file, line: 2, column: 7, lineText: "const a = 2;" },
      frame: "2 | const a = 2;\n  |       ^",
    },
    {
      message: '"b" has already been declared',
      location: { file, line: 4, column: 5, lineText: "let b = 2;" },
      frame: "4 | let b = 2;\n  |     ^",
    },
  ]);
  expect(failed?.report?.more).toBe(0);
});

test("more than ten build errors: ten are listed, the rest counted", async () => {
  const twice = Array.from({ length: 12 }, (_, i) => `let v${i} = 1;\nlet v${i} = 2;`);
  await t.dir.plugin({
    name: "a",
    files: { "index.ts": `${twice.join("\n")}\nexport default { setup: () => ({}) };\n` },
  });
  await t.host({}, false);
  const [failed] = t.log.of("plugin:failed");
  expect(failed?.message).toEndWith("(and 11 more errors)");
  expect(failed?.report?.errors).toHaveLength(10);
  expect(failed?.report?.errors.map((e) => e.location.line)).toEqual([
    2, 4, 6, 8, 10, 12, 14, 16, 18, 20,
  ]);
  expect(failed?.report?.more).toBe(2);
});

test.each(["none", "worker"])(
  "a helper that is a device is refused before the import, naming it (isolation %s)",
  async (isolation) => {
    await t.dir.plugin({
      name: "a",
      manifest: { isolation },
      files: {
        "index.ts": "import { x } from './zero.ts';\nexport default { setup: () => ({ x }) };",
      },
    });
    symlinkSync("/dev/zero", t.dir.path("a", "zero.ts"));
    await t.host({}, false);
    const [failed] = t.log.of("plugin:failed");
    expect(failed).toMatchObject({ plugin: "a", phase: "import" });
    expect(failed?.message).toEndWith(": expected a file, found a character device");
  },
);
