import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { locateNodeSyntaxError } from "../../src/runtime/node-syntax-check.ts";
import { runtimeBinary } from "./runtime-binaries.ts";

const node = runtimeBinary("node");
let dir: string;
beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), "hotplug-node-check-")));
  await writeFile(join(dir, "index.mjs"), 'import "./helper.mjs";\nexport default {};\n');
  await writeFile(join(dir, "helper.mjs"), "export const a = 1;\n\tconst b = ;\n");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

test.skipIf(!node)(
  "finds the file, line and column of Node's positionless SyntaxError",
  async () => {
    const files = [join(dir, "index.mjs"), join(dir, "helper.mjs")];
    const error = new SyntaxError("Unexpected token ';'");
    expect(await locateNodeSyntaxError(error, files, node)).toEqual({
      file: join(dir, "helper.mjs"),
      line: 2,
      column: 12,
      lineText: "\tconst b = ;",
    });
  },
);

test.skipIf(!node)("looks only for syntax errors, and only where there is one", async () => {
  const files = [join(dir, "index.mjs")];
  expect(await locateNodeSyntaxError(new TypeError("x"), files, node)).toBeUndefined();
  expect(await locateNodeSyntaxError(new SyntaxError("x"), files, node)).toBeUndefined();
  const gone = [join(dir, "gone.mjs")];
  expect(await locateNodeSyntaxError(new SyntaxError("x"), gone, node)).toBeUndefined();
});
