import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ReloadError } from "../../../src/errors/reload-error.ts";
import { fromWire, toWire } from "../../../src/runner/worker/wire-error.ts";

/** What the other side makes of `error`: to the wire, structured-cloned as postMessage does, back. */
const across = (error: unknown, plugin = "greeter") =>
  fromWire(structuredClone(toWire(error)), plugin);

let dir: string;
/** A real syntax error from Bun's loader: a BuildMessage. */
let buildMessage: Error & { position: unknown };
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hotplug-wire-"));
  await writeFile(join(dir, "broken.ts"), "export const a = ;\n");
  buildMessage = await import(join(dir, "broken.ts")).then(
    () => {
      throw new Error("the broken module imported");
    },
    (error: Error & { position: unknown }) => error,
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("an error across a worker boundary", () => {
  test("a plain Error keeps its name, message and stack", () => {
    const error = new RangeError("too far");
    const back = across(error);
    expect(back).toBeInstanceOf(Error);
    expect(back).toMatchObject({ name: "RangeError", message: "too far", stack: error.stack });
  });

  test("a ReloadError keeps its phase and file, and names the plugin of this side", () => {
    const error = new ReloadError("greeter: setup must be a function", {
      pluginName: "greeter",
      phase: "validate",
      file: "/plugins/greeter/index.ts",
    });
    const back = across(error, "greeter");
    expect(back).toBeInstanceOf(ReloadError);
    expect(back).toMatchObject({
      name: "ReloadError",
      message: "greeter: setup must be a function",
      pluginName: "greeter",
      phase: "validate",
      file: "/plugins/greeter/index.ts",
      code: "PLUGIN_VALIDATE_FAILED",
    });
    const noFile = across(new ReloadError("x", { pluginName: "greeter", phase: "import" }));
    expect(noFile).toMatchObject({ phase: "import", file: undefined });
  });

  test("an error's code comes along; a code that is not a string does not", () => {
    const missing = Object.assign(new Error("ENOENT: no such file"), { code: "ENOENT" });
    expect(across(missing)).toMatchObject({ code: "ENOENT", message: "ENOENT: no such file" });
    const numbered = Object.assign(new Error("exit"), { code: 3 });
    expect("code" in across(numbered)).toBe(false);
  });

  test("Bun's syntax error, which cannot be cloned, crosses with its position, for the code frame", () => {
    expect(() => structuredClone(buildMessage)).toThrow();
    const back = across(buildMessage) as Error & { position: unknown };
    expect(back.name).toBe("BuildMessage");
    expect(back.message).toBe(buildMessage.message);
    expect(back.position).toEqual({
      file: join(dir, "broken.ts"),
      line: 1,
      column: 18,
      lineText: "export const a = ;",
      offset: 17,
      length: 1,
    });
  });

  test("a position that is not an object is kept as it is", () => {
    const error = Object.assign(new Error("at 12"), { position: 12 });
    expect(across(error)).toMatchObject({ position: 12 });
  });

  test("several build messages (an `errors` list) each come along, one level deep", () => {
    const inner = Object.assign(new Error("inner"), { errors: [new Error("deeper")] });
    const error = new AggregateError([buildMessage, new TypeError("second"), inner], "3 errors");
    const back = across(error) as Error & { errors: (Error & { errors?: unknown })[] };
    expect(back).toMatchObject({ name: "AggregateError", message: "3 errors" });
    expect(back.errors.map((e) => [e.name, e.message])).toEqual([
      ["BuildMessage", buildMessage.message],
      ["TypeError", "second"],
      ["Error", "inner"],
    ]);
    expect(back.errors[0]).toMatchObject({ position: { line: 1, column: 18 } });
    expect(back.errors[2]?.errors).toBeUndefined();
  });

  test("a thrown value that is not an Error becomes an Error saying it", () => {
    expect(across("just a string")).toMatchObject({ name: "Error", message: "just a string" });
    expect(across(42).message).toBe("42");
    expect(across({ toString: () => "an object" }).message).toBe("an object");
  });

  test("an error without a stack has none on the other side either", () => {
    const error = new Error("no stack");
    error.stack = "";
    expect(toWire(error)).toEqual({ name: "Error", message: "no stack" });
  });
});
