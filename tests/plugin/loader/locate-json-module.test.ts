import { afterAll, beforeAll, expect, test } from "bun:test";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { locateJsonModule } from "../../../src/plugin/loader/locate-json-module.ts";

let dir: string;
const at = (name: string) => join(dir, name);
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hotplug-json-module-"));
  writeFileSync(at("good.json"), '{ "a": [1, 2] }');
  writeFileSync(at("broken.json"), '{\n  "a": [1, 2,\n}\n');
  writeFileSync(at("broken.ts"), "export const = ;");
  execFileSync("mkfifo", [at("fifo.json")]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("the first JSON file of the graph that does not parse, with its line and column", () => {
  const files = [at("broken.ts"), at("fifo.json"), at("missing.json"), at("good.json")];
  expect(locateJsonModule([...files, at("broken.json")])).toEqual({
    file: at("broken.json"),
    line: 3,
    column: 1,
  });
});

test("a graph whose JSON files all parse has nothing to name (and a FIFO is not read)", () => {
  expect(locateJsonModule([at("good.json"), at("fifo.json"), at("broken.ts")])).toBeUndefined();
});
