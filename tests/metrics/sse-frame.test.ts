import { describe, expect, test } from "bun:test";
import { sseComment, sseMessage } from "../../src/metrics/sse-frame.ts";

describe("SSE framing", () => {
  test("a JSON event is one data line with its id, ended by a blank line", () => {
    const json = JSON.stringify({ type: "plugin:failed", message: "line 1\nline 2\r\n</script>" });
    expect(sseMessage(json, 7)).toBe(`id: 7\ndata: ${json}\n\n`);
    expect(sseMessage(json, 7).split("\n")).toHaveLength(4);
  });

  test.each([
    ["a\nb", "data: a\ndata: b\n\n"],
    ["a\r\nb", "data: a\ndata: b\n\n"],
    ["a\rb", "data: a\ndata: b\n\n"],
    ["", "data: \n\n"],
    ["data: x", "data: data: x\n\n"],
  ])("text %p becomes one data field per line: a line break cannot start a field", (data, wire) => {
    expect(sseMessage(data)).toBe(wire);
  });

  test("a comment stays one line", () => {
    expect(sseComment("keep-alive")).toBe(": keep-alive\n\n");
    expect(sseComment("a\ndata: injected")).toBe(": a data: injected\n\n");
  });
});
