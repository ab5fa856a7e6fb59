// Reloads one worker plugin `count` times through the real host on this process's runtime and
// prints RSS after each quarter as one JSON line. Runs on Bun and Deno as is, on Node bundled.
// Usage: <runtime> worker-reload-memory.(ts|js) <dir> <count>
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createLogger } from "../../../src/logger.ts";
import { HotReloadSystem } from "../../../src/reload/hot-reload-system.ts";

const [dir, count] = process.argv.slice(-2) as [string, string];
const n = Number(count);
mkdirSync(join(dir, "heavy"), { recursive: true });
writeFileSync(
  join(dir, "heavy", "plugin.json"),
  JSON.stringify({ name: "heavy", version: "1.0.0", isolation: "worker" }),
);
// 80 KB of data per generation: what an in-process Deno host kept forever, reload after reload.
writeFileSync(
  join(dir, "heavy", "index.js"),
  `const table = new Array(10000).fill(0).map((_, i) => i);
export default { setup: () => ({ size: () => table.length }) };`,
);
const host = new HotReloadSystem({ dir, logger: createLogger("silent") });
await host.start();
const rss: number[] = [];
for (let i = 1; i <= n; i++) {
  await host.reload("heavy");
  if (i % (n / 4) === 0) rss.push(process.memoryUsage().rss);
}
const size = await (host.api("heavy") as { size(): Promise<number> }).size();
await host.shutdown();
console.log(JSON.stringify({ rss, size }));
