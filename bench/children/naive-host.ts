// The naive baseline: fs.watch + import(path + "?v=" + n) on every event, no debounce, no
// eviction, no ordering. Calls setup() of each fresh module, like a host would.
// Usage: bun bench/children/naive-host.ts <dir>
import { watch } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
if (!dir) throw new TypeError("Cannot start the naive host: no folder given");
let version = 0;

watch(dir, { recursive: true }, async (_event, name) => {
  if (!name?.endsWith(".ts")) return;
  try {
    const mod = (await import(`${join(dir, name)}?v=${++version}`)) as {
      default?: { setup?: (ctx: unknown) => unknown };
    };
    await mod.default?.setup?.({ generation: version });
  } catch {
    // A half-written file: the next event brings the whole one.
  }
});
process.stdout.write(`${JSON.stringify({ type: "host:ready" })}\n`);
