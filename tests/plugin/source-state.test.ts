import { afterEach, beforeEach, describe, expect, spyOn, test } from "bun:test";
import { statSync } from "node:fs";
import { mkdir, rm, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as contentDigest from "../../src/fs/content-digest.ts";
import { isRacy } from "../../src/fs/file-stat.ts";
import { GraphScanner } from "../../src/plugin/loader/module-graph.ts";
import { readManifest } from "../../src/plugin/manifest/read-manifest.ts";
import type { SourceState } from "../../src/plugin/source-state.ts";
import { afterImport, changedSince, sameSource, sourceOf } from "../../src/plugin/source-state.ts";
import { createBunRuntime } from "../../src/runtime/bun-runtime.ts";
import { PluginsDir } from "../support/plugin-fixture.ts";

let dir: PluginsDir;
beforeEach(async () => {
  dir = await PluginsDir.create();
});
afterEach(() => dir.dispose());

const ENTRY =
  'import { word } from "./lib/word.ts";\nexport default { setup: () => ({ word }) };\n';

/** A greeter plugin in folder `folder`, with a helper holding `word`. */
async function release(folder: string, word = "hello"): Promise<string> {
  return dir.plugin(
    {
      name: "greeter",
      files: { "index.ts": ENTRY, "lib/word.ts": `export const word = ${JSON.stringify(word)};\n` },
    },
    folder,
  );
}

/** The plugin in `folder` as a reload reads it: its manifest's and graph's digests. */
function read(folder: string): SourceState {
  const manifestFile = join(folder, "plugin.json");
  return {
    dir: folder,
    manifestFile,
    manifestDigest: contentDigest.fileDigest(manifestFile),
    graph: new GraphScanner(createBunRuntime()).scan(join(folder, "index.ts")),
  };
}

describe("sameSource", () => {
  test("the same folder, read again with nothing changed: the same", async () => {
    const folder = await release("greeter");
    expect(sameSource(read(folder), read(folder))).toBe(true);
  });

  test("nothing ran before: not the same", async () => {
    expect(sameSource(undefined, read(await release("greeter")))).toBe(false);
  });

  test("a helper with other bytes, or a new helper: not the same", async () => {
    const folder = await release("greeter");
    const before = read(folder);
    await writeFile(join(folder, "lib/word.ts"), 'export const word = "howdy";\n');
    expect(sameSource(before, read(folder))).toBe(false);
    await writeFile(join(folder, "lib/word.ts"), 'export const word = "hello";\n');
    expect(sameSource(before, read(folder))).toBe(true);
    await writeFile(join(folder, "lib/extra.ts"), "export const extra = 1;\n");
    await writeFile(join(folder, "index.ts"), `import "./lib/extra.ts";\n${ENTRY}`);
    expect(sameSource(before, read(folder))).toBe(false);
  });

  test("a manifest with other bytes: not the same", async () => {
    const folder = await release("greeter");
    const before = read(folder);
    await writeFile(join(folder, "plugin.json"), '{"name":"greeter","version":"1.0.1"}');
    expect(sameSource(before, read(folder))).toBe(false);
  });

  test("the real folder moved (a new release) with the same bytes: the same", async () => {
    const one = await release("releases/1/greeter");
    const two = await release("releases/2/greeter");
    expect(sameSource(read(one), read(two))).toBe(true);
  });

  test("the real folder moved, other bytes in a helper: not the same", async () => {
    const one = await release("releases/1/greeter");
    const two = await release("releases/2/greeter", "howdy");
    expect(sameSource(read(one), read(two))).toBe(false);
  });

  test("the real folder moved, the helper elsewhere in it: not the same", async () => {
    const one = await release("releases/1/greeter");
    const two = await release("releases/2/greeter");
    await mkdir(join(two, "src"));
    await writeFile(join(two, "src/word.ts"), 'export const word = "hello";\n');
    await writeFile(join(two, "index.ts"), ENTRY.replace("./lib/word.ts", "./src/word.ts"));
    await rm(join(two, "lib"), { recursive: true });
    expect(sameSource(read(one), read(two))).toBe(false);
  });

  test("an entry that could not be read is never the same, even when it still cannot be", async () => {
    const folder = await release("greeter");
    await unlink(join(folder, "index.ts"));
    expect(sameSource(read(folder), read(folder))).toBe(false);
  });
});

describe("changedSince", () => {
  test("lists the files whose bytes are no longer what was read: none, then each changed one", async () => {
    const folder = await release("greeter");
    const before = read(folder);
    expect(changedSince(before)).toEqual([]);
    await writeFile(join(folder, "lib/word.ts"), 'export const word = "howdy";\n');
    expect(changedSince(before)).toEqual([join(folder, "lib/word.ts")]);
    await writeFile(join(folder, "plugin.json"), '{"name":"greeter","version":"2.0.0"}');
    expect(changedSince(before)).toEqual([
      join(folder, "plugin.json"),
      join(folder, "lib/word.ts"),
    ]);
  });

  test("a rewrite with the same bytes is no change; a deleted file is one", async () => {
    const folder = await release("greeter");
    const before = read(folder);
    await writeFile(join(folder, "index.ts"), ENTRY);
    expect(changedSince(before)).toEqual([]);
    await unlink(join(folder, "index.ts"));
    expect(changedSince(before)).toEqual([join(folder, "index.ts")]);
  });
});

/** Resolves once no file's stat is racy any more (its stamps are older than the racy window). */
async function untilProven(files: readonly string[], timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (files.some((file) => isRacy(statSync(file), Date.now()))) {
    if (Date.now() > deadline) throw new Error(`still racy after ${timeoutMs} ms: ${files}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("changedSince, by stat", () => {
  test("hashes only the files whose stat moved, or was racy when read", async () => {
    const folder = await release("greeter");
    const files = ["plugin.json", "index.ts", "lib/word.ts"].map((file) => join(folder, file));
    await untilProven(files);
    const loaded = await readManifest(folder);
    const before = sourceOf(loaded, new GraphScanner(createBunRuntime()).scan(loaded.entryPath));
    const hashed = spyOn(contentDigest, "fileDigest");
    try {
      expect(changedSince(before)).toEqual([]);
      expect(hashed).not.toHaveBeenCalled();

      await writeFile(join(folder, "lib/word.ts"), 'export const word = "howdy";\n');
      expect(changedSince(before)).toEqual([join(folder, "lib/word.ts")]);
      expect(hashed.mock.calls).toEqual([[join(folder, "lib/word.ts")]]);
    } finally {
      hashed.mockRestore();
    }
  });

  test("a file read while its stat was racy is compared by content, stat unmoved or not", async () => {
    const folder = await release("greeter");
    const loaded = await readManifest(folder);
    const before = sourceOf(loaded, new GraphScanner(createBunRuntime()).scan(loaded.entryPath));
    const racy = [...before.graph.stats].filter(([, stat]) => stat.digest !== undefined);
    expect(racy.length).toBeGreaterThan(0);
    const hashed = spyOn(contentDigest, "fileDigest");
    try {
      expect(changedSince(before)).toEqual([]);
      for (const [file] of racy) expect(hashed).toHaveBeenCalledWith(file);
    } finally {
      hashed.mockRestore();
    }
  });
});

describe("afterImport", () => {
  test("a file untouched since the scan keeps its digest: the same state", async () => {
    const scanned = read(await release("greeter"));
    expect(afterImport(scanned)).toBe(scanned);
  });

  test("a file rewritten during the import, back to the scan's bytes, is no longer trusted", async () => {
    const folder = await release("greeter");
    const helper = join(folder, "lib/word.ts");
    const scanned = read(folder);
    // What the import may have read, then the scan's bytes again (a burst of checkouts).
    await writeFile(helper, 'export const word = "howdy";\n');
    await unlink(helper);
    await writeFile(helper, 'export const word = "hello";\n');
    const ran = afterImport(scanned);
    expect(ran.graph.digests.get(helper)).toBeUndefined();
    expect(ran.graph.digests.get(join(folder, "index.ts"))).toBe(
      scanned.graph.digests.get(join(folder, "index.ts")),
    );
    expect(changedSince(ran)).toEqual([helper]);
    expect(sameSource(ran, read(folder))).toBe(false);
  });
});
