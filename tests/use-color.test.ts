import { expect, test } from "bun:test";
import { painter, useColor } from "../src/use-color.ts";

const tty = { isTTY: true };
const pipe = { isTTY: false };

test.each([
  ["a terminal", tty, {}, true],
  ["a pipe", pipe, {}, false],
  ["a stream that says nothing", {}, {}, false],
  ["NO_COLOR on a terminal", tty, { NO_COLOR: "1" }, false],
  ["an empty NO_COLOR", tty, { NO_COLOR: "" }, true],
  ["FORCE_COLOR in a pipe", pipe, { FORCE_COLOR: "1" }, true],
  ["FORCE_COLOR set but empty", pipe, { FORCE_COLOR: "" }, true],
  ["FORCE_COLOR over NO_COLOR", pipe, { FORCE_COLOR: "1", NO_COLOR: "1" }, true],
  ["FORCE_COLOR=0 in a pipe", pipe, { FORCE_COLOR: "0" }, false],
  ["FORCE_COLOR=0 on a terminal", tty, { FORCE_COLOR: "0" }, true],
])("%s: %p", (_, stream, env, expected) => {
  expect(useColor(stream, env)).toBe(expected);
});

test("paint wraps in escapes only when colours are on", () => {
  expect(painter(true)("red", "x")).toBe("\u001B[31mx\u001B[39m");
  expect(painter(false)("red", "x")).toBe("x");
});
