import { describe, expect, test } from "bun:test";
import { lineAndColumn } from "../../../src/errors/source-location.ts";
import { locateJsonError } from "../../../src/plugin/manifest/locate-json-error.ts";

// [text, line, column, problem fragment]
const broken: [string, number, number, string][] = [
  ['{"a":1,}', 1, 7, 'trailing comma before "}"'],
  ["[1,2,]", 1, 5, 'trailing comma before "]"'],
  ['{"a":1', 1, 7, 'expected "," or "}", got end of file'],
  ["[1,2", 1, 5, 'expected "," or "]", got end of file'],
  ['{"a":[1,2}', 1, 10, 'expected "," or "]", got "}"'],
  ['{"a":1 "b":2}', 1, 8, 'expected "," or "}"'],
  ["{a:1}", 1, 2, "expected a property name in double quotes"],
  ["{'a':1}", 1, 2, "JSON needs double quotes"],
  ["{,}", 1, 2, "expected a property name"],
  ['{"a" 1}', 1, 6, 'expected ":" after the property name, got "1"'],
  ['{"a":}', 1, 6, 'expected a value, got "}"'],
  ['{"a":', 1, 6, "expected a value, got end of file"],
  ['{"a":tru}', 1, 6, 'unexpected word "tru"'],
  ['{"a":"x', 1, 6, "unterminated string"],
  ['{"a":"x\n"}', 1, 6, "unterminated string"],
  ['{"a":"\t"}', 1, 7, "control character in string"],
  ['{"a":"\\x"}', 1, 7, 'invalid escape "\\\\x"'],
  ['{"a":"\\u12G4"}', 1, 7, "invalid escape"],
  ['{"a":01}', 1, 7, 'invalid number, unexpected "1"'],
  ['{"a":1.}', 1, 7, 'invalid number, unexpected "."'],
  ['{"a":-}', 1, 6, 'invalid number starting at "-"'],
  ['{"a":1}x', 1, 8, 'unexpected "x" after the end of the JSON value'],
  ["", 1, 1, "file is empty"],
  [" \r\n ", 2, 2, "file is empty"],
  ['{\r\n  "a": 1,\r\n}', 2, 9, "trailing comma"],
  ["[".repeat(600), 1, 513, "nested deeper than 512 levels"],
];

const valid = [
  "{}",
  "[]",
  '{"a":{"b":[1,{"c":null}]},"d":-1.5e+3,"e":"\\u00e9\\n\\"\\/","f":true,"g":false}',
  ' \n\t{ "x" : [ 0 , -0.5 , 2E10 ] }\r\n',
  '"just a string"',
];

describe("locateJsonError", () => {
  test.each(broken)("%j at %d:%d", (text, line, column, fragment) => {
    expect(() => JSON.parse(text)).toThrow();
    const found = locateJsonError(text);
    expect(found?.problem).toContain(fragment);
    expect([found?.line, found?.column]).toEqual([line, column]);
  });

  test.each(valid)("finds nothing wrong in %j", (text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(locateJsonError(text)).toBeUndefined();
  });
});

describe("lineAndColumn", () => {
  test("counts from 1, lines split on \\n", () => {
    expect(lineAndColumn("ab\ncd", 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
    expect(lineAndColumn("ab\n", 3)).toEqual({ line: 2, column: 1 });
  });
});
