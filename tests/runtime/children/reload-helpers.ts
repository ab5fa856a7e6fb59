// Loads one plugin entry three times through the real PluginLoader and this process's runtime
// adapter, rewriting its helper (and the helper's own import) before each import, and prints
// what each generation saw as one JSON line. Runs on Bun and Deno as is, on Node bundled.
// Usage: <runtime> reload-helpers.(ts|js) <dir> <ext>
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { PluginLoader } from "../../../src/plugin/loader/plugin-loader.ts";
import { detectRuntime } from "../../../src/runtime/detect-runtime.ts";

const [dir, ext] = process.argv.slice(-2) as [string, string];
const runtime = detectRuntime();
const loader = new PluginLoader(runtime);
const entry = join(dir, "p", `index.${ext}`);
writeFileSync(entry, `import { word } from "./helper.${ext}";\nexport default () => word;\n`);
const seen: string[] = [];
let previous: readonly string[] = [];
for (const word of ["one", "two", "three"]) {
  writeFileSync(
    join(dir, "p", `helper.${ext}`),
    `import { deep } from "../shared/deep.${ext}";\nexport const word = "${word}/" + deep;\n`,
  );
  writeFileSync(join(dir, "shared", `deep.${ext}`), `export const deep = "${word}";\n`);
  const graph = loader.scan(entry);
  const namespace = await loader.import(graph, previous);
  previous = graph.files;
  seen.push((namespace.default as () => string)());
}
console.log(JSON.stringify({ runtime: runtime.key, seen, files: previous }));
