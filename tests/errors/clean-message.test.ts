import { expect, test } from "bun:test";
import { cleanMessage } from "../../src/errors/clean-message.ts";
import { codeFrame } from "../../src/errors/source-location.ts";
import { plainSourcePath } from "../../src/runtime/source-path.ts";

const clean = (text: string) => cleanMessage(text, { sourcePath: plainSourcePath, cwd: "/p" });

test.each([
  [
    "Cannot find module './x' from '/p/plugins/a/index.ts?v=3'",
    "Cannot find module './x' from 'plugins/a/index.ts'",
  ],
  ['Module not found "file:///p/plugins/a/x.ts".', 'Module not found "plugins/a/x.ts".'],
  ["at /p/plugins/a/index.ts?v=2:3:4", "at plugins/a/index.ts:3:4"],
  ["open '/tmp/hotplug-deno-4242-Ab12Cd/3/p/plugins/a/data.json'", "open 'plugins/a/data.json'"],
  ["\u001b[31mred\u001b[39m /p/a.ts", "red a.ts"],
  ["outside: /etc/hosts?v=1", "outside: /etc/hosts"],
  ["a URL: https://example.com/p/x?y=1", "a URL: https://example.com/p/x?y=1"],
])("%p reads %p", (text, expected) => {
  expect(clean(text)).toBe(expected);
});

test("a plugins folder at the file system's root", () => {
  expect(cleanMessage("in /plugins/a/x.ts", { sourcePath: plainSourcePath, cwd: "/" })).toBe(
    "in plugins/a/x.ts",
  );
});

test("a code frame puts the caret under the column, tabs kept", () => {
  expect(codeFrame({ file: "/a.ts", line: 12, column: 3, lineText: "\tx(;" })).toBe(
    "12 | \tx(;\n   | \t ^",
  );
  expect(codeFrame({ file: "/a.ts", line: 1, column: 1 })).toBeUndefined();
});
