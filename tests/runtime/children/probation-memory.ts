// Reloads one plugin `count` times through the real host with probation on, and prints RSS
// after each quarter as one JSON line. With `wait`, each reload waits for its window to end
// (so every generation passes and the code before it is released); without, the windows
// chain (a save during a window is judged against the same last good code).
// Usage: bun probation-memory.ts <dir> <isolation> <probationMs> <count> <wait|chain>
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Isolation } from "../../../src/host-events.ts";
import { createLogger } from "../../../src/logger.ts";
import { HotReloadSystem } from "../../../src/reload/hot-reload-system.ts";

const [dir, isolation, probation, count, pace] = process.argv.slice(-5) as [
  string,
  Isolation,
  string,
  string,
  "wait" | "chain",
];
const n = Number(count);
mkdirSync(join(dir, "heavy"), { recursive: true });
writeFileSync(
  join(dir, "heavy", "plugin.json"),
  JSON.stringify({ name: "heavy", version: "1.0.0", isolation }),
);
// 80 KB of data per generation: a generation kept by mistake shows at once.
writeFileSync(
  join(dir, "heavy", "index.js"),
  `const table = new Array(10000).fill(0).map((_, i) => i);
export default { setup: () => ({ size: () => table.length }) };`,
);
const host = new HotReloadSystem({
  dir,
  logger: createLogger("silent"),
  probation: Number(probation),
});
await host.start();
const onProbation = () => host.status()[0]?.probation !== null;
const rss: number[] = [];
for (let i = 1; i <= n; i++) {
  await host.reload("heavy");
  if (pace === "wait") while (onProbation()) await new Promise((r) => setTimeout(r, 2));
  if (i % (n / 4) === 0) {
    Bun.gc(true);
    rss.push(process.memoryUsage().rss);
  }
}
const size = await (host.api("heavy") as { size(): number | Promise<number> }).size();
await host.shutdown();
console.log(JSON.stringify({ rss, size }));
