import { describe, expect, test } from "bun:test";
import { scriptJson } from "../../src/metrics/script-json.ts";

describe("scriptJson", () => {
  const hostile = {
    message: "</script><script>alert(1)</script> <!-- <SCRIPT> & \u2028\u2029 </ScRiPt >",
    file: "a/<b>.ts",
  };

  test("holds no character that could end or bend a <script> element", () => {
    const text = scriptJson(hostile);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(text).toContain("\\u003c/script\\u003e");
  });

  test("is still the same JSON", () => {
    expect(JSON.parse(scriptJson(hostile))).toEqual(hostile);
    expect(JSON.parse(scriptJson([1, "x", null, { a: true }]))).toEqual([
      1,
      "x",
      null,
      { a: true },
    ]);
  });
});
