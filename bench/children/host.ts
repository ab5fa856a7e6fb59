// A hotplug host on the library API, for benchmarks that need numbers from inside the host
// process (CPU time, time since `new HotReloadSystem`). Prints the event stream as JSON lines
// on stdout like `hotplug dev --json`; stdin commands: `cpu` (prints process.cpuUsage()).
// Usage: bun bench/children/host.ts <dir> <debounceMs> [maxWaitMs]
import { createLogger } from "../../src/logger.ts";
import { HotReloadSystem } from "../../src/reload/hot-reload-system.ts";

const [dir, debounce = "100", maxWait = "1000"] = process.argv.slice(2);
if (!dir) throw new TypeError("Cannot start the bench host: no plugins folder given");

const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

const constructedAt = performance.now();
const system = new HotReloadSystem({
  dir,
  debounceInterval: Number(debounce),
  maxWait: Number(maxWait),
  logger: createLogger("silent"),
});
system.on((event) => {
  if (event.type === "host:stopped") return print({ type: event.type });
  print(event);
  if (event.type === "host:ready") {
    print({
      type: "bench:timing",
      sinceProcessStartMs: performance.now(),
      sinceConstructMs: performance.now() - constructedAt,
    });
  }
});

process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk: string) => {
  for (const command of chunk.split("\n")) {
    if (command === "cpu") print({ type: "bench:cpu", ...process.cpuUsage() });
  }
});

const stop = async () => {
  await system.shutdown();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

await system.startWatching();
