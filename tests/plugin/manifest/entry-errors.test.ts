import { afterAll, beforeAll, describe, test } from "bun:test";
import { type ExpectedError, expectManifestError } from "./expect-manifest-error.ts";
import { type PluginFolder, TempPlugins } from "./temp-plugins.ts";

const ok = { name: "greeter", version: "1.0.0" };
const entry = (value: string) => ({ ...ok, entry: value });
const ESCAPES = "MANIFEST_ENTRY_ESCAPES";
const MISSING = "MANIFEST_ENTRY_MISSING";

type Row = [string, PluginFolder, Omit<ExpectedError, "field">];
const rows: Row[] = [
  [
    "absolute",
    { manifest: entry("/etc/passwd") },
    { code: ESCAPES, fragment: 'got "/etc/passwd"' },
  ],
  ["windows absolute", { manifest: entry("C:\\x.ts") }, { code: ESCAPES, fragment: "relative" }],
  [
    "../x.ts",
    { manifest: entry("../x.ts") },
    { code: ESCAPES, fragment: '"../x.ts" leads outside the plugin folder' },
  ],
  [
    "climbing out of a subfolder",
    { manifest: entry("src/../../x.ts") },
    { code: ESCAPES, fragment: "leads outside" },
  ],
  [
    "a symlink leading out",
    { manifest: entry("main.ts"), symlinks: { "main.ts": "$OUT/evil.ts" } },
    { code: ESCAPES, fragment: '"main.ts" is a symlink to' },
  ],
  [
    "in a subfolder that is a symlink leading out",
    { manifest: entry("lib/evil.ts"), symlinks: { lib: "$OUT" } },
    { code: ESCAPES, fragment: "outside the plugin folder" },
  ],
  [
    "the default index.ts, a symlink leading out",
    { manifest: ok, files: {}, symlinks: { "index.ts": "$OUT/evil.ts" } },
    { code: ESCAPES, fragment: '"index.ts" is a symlink to' },
  ],
  [
    "missing",
    { manifest: entry("main.ts") },
    { code: MISSING, fragment: 'entry file "main.ts" not found' },
  ],
  [
    "a dangling symlink",
    { manifest: entry("main.ts"), symlinks: { "main.ts": "gone.ts" } },
    { code: MISSING, fragment: "not found" },
  ],
  [
    "a folder",
    { manifest: entry("src"), files: { "src/main.ts": "" } },
    { code: MISSING, fragment: '"src" is not a file' },
  ],
  [
    "not given, with no index.ts or index.js",
    { manifest: ok, files: { "main.ts": "" } },
    { code: MISSING, fragment: 'no "entry" given and neither index.ts nor index.js exists' },
  ],
];

let temp: TempPlugins;
beforeAll(async () => {
  temp = await TempPlugins.create();
});
afterAll(() => temp.cleanup());

describe("readManifest rejects an entry that is", () => {
  test.each(rows)("%s", async (name, folder, expected) => {
    const dir = await temp.plugin(`entry-${rows.findIndex((r) => r[0] === name)}`, folder);
    await expectManifestError(dir, { ...expected, field: "entry" });
  });
});
