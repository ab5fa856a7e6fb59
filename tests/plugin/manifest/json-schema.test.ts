import { describe, expect, test } from "bun:test";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { manifestJsonSchema, SCHEMA_FILE, writeSchema } from "../../../scripts/gen-schema.ts";

describe("schema/plugin.schema.json", () => {
  test("matches ManifestSchema (run `bun scripts/gen-schema.ts` when this fails)", async () => {
    const committed: unknown = JSON.parse(await readFile(SCHEMA_FILE, "utf8"));
    const generated = manifestJsonSchema();
    if (!isDeepStrictEqual(committed, generated)) {
      throw new Error(
        "schema/plugin.schema.json is stale: run `bun scripts/gen-schema.ts` and commit the result",
      );
    }
  });

  test("keeps the constraints editors need", () => {
    const schema = manifestJsonSchema();
    expect(schema).toMatchObject({
      title: expect.any(String),
      type: "object",
      required: ["name", "version"],
      additionalProperties: false,
      properties: {
        name: { type: "string", pattern: "^[a-z][a-z0-9-]{0,63}$" },
        version: { type: "string", pattern: expect.stringContaining("(0|[1-9]\\d*)") },
        dependsOn: { type: "array", uniqueItems: true, items: { pattern: expect.any(String) } },
        enabled: { type: "boolean" },
        config: { type: "object" },
      },
    });
  });
});

describe("writeSchema", () => {
  test("writes what manifestJsonSchema returns", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "hotplug-schema-"));
    try {
      const out = path.join(dir, "plugin.schema.json");
      await writeSchema(out);
      expect(JSON.parse(await readFile(out, "utf8"))).toEqual(manifestJsonSchema());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
