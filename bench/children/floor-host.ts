// The floor: what any hot reloader on Bun must do at least. fs.watch on the plugins folder,
// and on each event the plugin's modules evicted from the module cache and its entry imported
// under a new query, then setup() called: no debounce, no checks, no ordering, no events.
// Usage: bun bench/children/floor-host.ts <dir>   (the plugin is <dir>/p: index.ts, helper.ts)
import { watch } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
if (!dir) throw new TypeError("Cannot start the floor host: no folder given");
const entry = join(dir, "p", "index.ts");
const modules = [entry, join(dir, "p", "helper.ts")];
let version = 0;

watch(dir, { recursive: true }, async (_event, name) => {
  if (!name?.endsWith(".ts")) return;
  for (const key of Object.keys(require.cache)) {
    if (modules.some((file) => key.startsWith(file))) delete require.cache[key];
  }
  try {
    const mod = (await import(`${entry}?v=${++version}`)) as {
      default?: { setup?: (ctx: unknown) => unknown };
    };
    await mod.default?.setup?.({ generation: version });
  } catch {
    // A half-written file: the next event brings the whole one.
  }
});
process.stdout.write(`${JSON.stringify({ type: "host:ready" })}\n`);
