// Polls a tree and reports: `ready`, then its own CPU share of one core in 1 s windows while
// nothing changes, then one `event` line per change seen (for detection latency).
// Usage: bun bench/children/poll-watch.ts <hotplug|chokidar> <root> <windows> <intervalMs> <hot>
// `hot`: for hotplug, the first <hot> folders' file0.ts stand for the plugins' module graphs
// (what the host passes as hotPaths); chokidar has no such notion.
import { join } from "node:path";
import { watch } from "chokidar";
import { PollWatcher } from "../../src/watch/poll-watcher.ts";

const [mode, root, windowCount = "10", interval = "250", hot = "0"] = process.argv.slice(2);
if ((mode !== "hotplug" && mode !== "chokidar") || !root) {
  throw new TypeError(
    "Cannot run: usage poll-watch.ts <hotplug|chokidar> <root> [windows] [ms] [hot]",
  );
}
const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
let coldCycleMs = (): number | undefined => undefined;
const onChange = (path: string) => print({ type: "bench:event", path, coldCycleMs: coldCycleMs() });
const pollInterval = Number(interval);
const hotPaths = Array.from({ length: Number(hot) }, (_, d) => join(root, `dir${d}`, "file0.ts"));

const t0 = performance.now();
if (mode === "hotplug") {
  // What createFileWatcher({forcePoll: true}) runs, held directly to read its cold cycle.
  const watcher = new PollWatcher({
    root,
    pollInterval,
    hotPaths: () => hotPaths,
    onEvent: (event) => onChange(event.path),
    onProgress: (progress) => process.stderr.write(`${progress.message}\n`),
  });
  await watcher.watch();
  coldCycleMs = () => watcher.coldCycleMs;
} else {
  const watcher = watch(root, { usePolling: true, interval: pollInterval, ignoreInitial: true });
  watcher.on("change", onChange).on("add", onChange);
  await new Promise<void>((done) => watcher.on("ready", () => done()));
}
print({ type: "bench:ready", readyMs: performance.now() - t0 });

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
await sleep(1000); // the first polls after start-up are not the steady state
const shares: number[] = [];
for (let i = 0; i < Number(windowCount); i++) {
  const cpu0 = process.cpuUsage();
  const w0 = performance.now();
  await sleep(1000);
  const cpu = process.cpuUsage(cpu0);
  shares.push((cpu.user + cpu.system) / 1000 / (performance.now() - w0));
}
print({ type: "bench:cpu", shares, rss: process.memoryUsage().rss, coldCycleMs: coldCycleMs() });
