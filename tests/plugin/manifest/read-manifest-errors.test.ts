import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, open, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ManifestError } from "../../../src/plugin/manifest/manifest-error.ts";
import { readManifest } from "../../../src/plugin/manifest/read-manifest.ts";
import { type ExpectedError, expectManifestError } from "./expect-manifest-error.ts";
import { type PluginFolder, TempPlugins } from "./temp-plugins.ts";

const ok = { name: "greeter", version: "1.0.0" };
const KIB = 1024;

interface BadCase extends PluginFolder, ExpectedError {
  readonly name: string;
  /** For what the folder fields cannot express (sparse files, loops). */
  readonly setup?: (dir: string) => Promise<void>;
}

const cases: BadCase[] = [
  {
    name: "over the size limit",
    manifest: " ".repeat(300 * KIB),
    code: "MANIFEST_TOO_LARGE",
    fragment: "file is 300.0 KiB (307200 bytes), over the 256 KiB limit",
  },
  {
    // Reading it whole would take seconds and a GiB of memory; a stat answers at once.
    name: "a sparse 1 GiB file",
    setup: sparseManifest(1024 * 1024 * KIB),
    code: "MANIFEST_TOO_LARGE",
    fragment: "file is 1048576.0 KiB (1073741824 bytes)",
  },
  {
    name: "invalid UTF-8",
    manifest: bytes('{\n  "name": "gr', [0xff], 'eter"\n}'),
    code: "MANIFEST_NOT_UTF8",
    at: [2, 14],
    fragment: "not valid UTF-8 (byte 0xff at byte offset 15)",
  },
  {
    name: "a truncated UTF-8 sequence",
    manifest: bytes('{"description": "caf', [0xc3], '"}'),
    code: "MANIFEST_NOT_UTF8",
    at: [1, 21],
    fragment: "not valid UTF-8",
  },
  {
    name: "a UTF-16 file",
    manifest: new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]),
    code: "MANIFEST_NOT_UTF8",
    at: [1, 1],
    fragment: "file is UTF-16",
  },
  {
    name: "a trailing comma",
    manifest: '{\n  "name": "greeter",\n  "version": "1.0.0",\n}\n',
    code: "MANIFEST_SYNTAX",
    at: [3, 21],
    fragment: 'trailing comma before "}"',
  },
  {
    name: "a file truncated inside a string",
    manifest: '{\n  "name": "greeter",\n  "version": "1.0',
    code: "MANIFEST_SYNTAX",
    at: [3, 14],
    fragment: "unterminated string",
  },
  {
    name: "a file truncated after a value",
    manifest: '{\n  "name": "greeter"',
    code: "MANIFEST_SYNTAX",
    at: [2, 20],
    fragment: 'expected "," or "}", got end of file',
  },
  {
    name: "a key without quotes",
    manifest: '{\n  name: "greeter"\n}',
    code: "MANIFEST_SYNTAX",
    at: [2, 3],
    fragment: 'expected a property name in double quotes, got "n"',
  },
  {
    name: "a value without quotes",
    manifest: '{"name": greeter}',
    code: "MANIFEST_SYNTAX",
    at: [1, 10],
    fragment: 'unexpected word "greeter"',
  },
  {
    name: "an empty file",
    manifest: "",
    code: "MANIFEST_SYNTAX",
    at: [1, 1],
    fragment: "file is empty",
  },
  {
    name: "a JSON string",
    manifest: '"greeter"',
    code: "MANIFEST_INVALID",
    fragment: 'expected a JSON object, got string "greeter"',
  },
  { name: "no plugin.json", code: "MANIFEST_NOT_FOUND", fragment: "file not found" },
  {
    name: "a plugin.json folder",
    files: { "plugin.json/x": "" },
    code: "MANIFEST_NOT_FOUND",
    fragment: "expected a file",
  },
  {
    name: "a plugin.json symlink loop",
    symlinks: { "plugin.json": "plugin.json" },
    code: "MANIFEST_UNREADABLE",
    fragment: "cannot read",
  },
];

function bytes(...parts: (string | number[])[]): Uint8Array {
  const encoder = new TextEncoder();
  return new Uint8Array(parts.flatMap((p) => [...(typeof p === "string" ? encoder.encode(p) : p)]));
}

function sparseManifest(size: number) {
  return async (dir: string) => {
    const handle = await open(path.join(dir, "plugin.json"), "w");
    await handle.truncate(size);
    await handle.close();
  };
}

let temp: TempPlugins;
beforeAll(async () => {
  temp = await TempPlugins.create();
});
afterAll(() => temp.cleanup());

describe("readManifest rejects", () => {
  test.each(cases.map((c, i) => [c.name, i] as const))("%s", async (_name, index) => {
    const c = cases[index] as BadCase;
    const dir = await temp.plugin(`file-${index}`, c);
    await c.setup?.(dir);
    await expectManifestError(dir, c);
  });
});

describe("readManifest reports", () => {
  test("every schema problem, one a line, with field naming the first", async () => {
    const manifest = { name: "Bad_Name", version: "1.x", enabled: 1 };
    const dir = await temp.plugin("several", { manifest });
    const error = (await readManifest(dir).catch((e) => e)) as ManifestError;
    const file = path.join(dir, "plugin.json");
    expect(error.field).toBe("name");
    expect(error.issues.map((i) => i.field)).toEqual(["name", "version", "enabled"]);
    expect(error.message.split("\n")).toEqual([
      expect.stringMatching(/: name: expected lowercase/),
      `${file}: version: expected semver, got "1.x"`,
      `${file}: enabled: expected true or false, got number 1`,
    ]);
  });

  test("the absolute path when no displayPath is given", async () => {
    const dir = await temp.plugin("absolute", { manifest: { ...ok, version: "2" } });
    const error = (await readManifest(dir).catch((e) => e)) as ManifestError;
    expect(error.file).toBe(path.join(dir, "plugin.json"));
    expect(error.message).toBe(`${error.file}: version: expected semver, got "2"`);
  });

  test("a missing plugin folder as not found", async () => {
    const error = (await readManifest(path.join(temp.root, "nope")).catch(
      (e) => e,
    )) as ManifestError;
    expect(error.code).toBe("MANIFEST_NOT_FOUND");
    expect(error.message).toBe(`${path.join(temp.root, "nope", "plugin.json")}: file not found`);
  });

  test("a manifest of exactly 256 KiB is still read", async () => {
    const text = JSON.stringify({ ...ok, description: "" });
    const manifest = text.padEnd(256 * KIB, " ");
    const dir = await temp.plugin("exact-limit", { manifest });
    await expect(readManifest(dir)).resolves.toMatchObject({ manifest: { name: "greeter" } });
    await writeFile(path.join(dir, "plugin.json"), `${manifest} `);
    await expect(readManifest(dir)).rejects.toMatchObject({ code: "MANIFEST_TOO_LARGE" });
  });

  test("a plugin folder that is a file as not found", async () => {
    await mkdir(path.join(temp.root, "plugins"), { recursive: true });
    const notDir = path.join(temp.root, "plugins", "file.txt");
    await writeFile(notDir, "");
    await expect(readManifest(notDir)).rejects.toMatchObject({ code: "MANIFEST_NOT_FOUND" });
  });
});
