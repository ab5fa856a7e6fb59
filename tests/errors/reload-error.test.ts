import { describe, expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asReloadError, ReloadError } from "../../src/errors/reload-error.ts";
import { hasDir } from "../../src/plugin/discover-plugins.ts";

describe("asReloadError", () => {
  test("keeps a ReloadError, and wraps anything else naming the plugin", () => {
    const original = new ReloadError("x", { pluginName: "a", phase: "setup" });
    expect(asReloadError("a", original)).toBe(original);
    const wrapped = asReloadError("a", new TypeError("boom"));
    expect(wrapped).toMatchObject({ pluginName: "a", phase: "import", message: "a: boom" });
    expect(wrapped.code).toBe("PLUGIN_IMPORT_FAILED");
    expect(asReloadError("b", "a string").message).toBe("b: a string");
  });
});

describe("hasDir", () => {
  test("is true for a folder only", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hotplug-hasdir-"));
    await writeFile(join(dir, "file"), "");
    expect([
      await hasDir(dir),
      await hasDir(join(dir, "file")),
      await hasDir(join(dir, "no")),
    ]).toEqual([true, false, false]);
    await rm(dir, { recursive: true });
  });
});
