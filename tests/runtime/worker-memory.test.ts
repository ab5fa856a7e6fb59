// Worker isolation frees every replaced generation on each runtime: 1,000 reloads of a plugin
// holding 80 KB of data, through the real host, in a process of their own (nothing else there
// moves its RSS). In-process, Deno and Node kept ~244 KB a reload of such a plugin forever.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildNode } from "../../scripts/build-node.ts";
import { REAL_RUNTIMES, type RealRuntime, runtimeBinary } from "./runtime-binaries.ts";

const CHILD = join(import.meta.dir, "children", "worker-reload-memory.ts");
const RELOADS = 1000;
let work: string;
let nodeChild: string;

beforeAll(async () => {
  work = await realpath(await mkdtemp(join(tmpdir(), "hotplug-worker-memory-")));
  nodeChild = (await buildNode(join(work, "node"), CHILD)).file;
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function reloadIn(runtime: RealRuntime, binary: string): Promise<number[]> {
  const dir = join(work, runtime);
  const command =
    runtime === "bun"
      ? [binary, CHILD, dir, String(RELOADS)]
      : runtime === "deno"
        ? [binary, "run", "-A", CHILD, dir, String(RELOADS)]
        : [binary, nodeChild, dir, String(RELOADS)];
  const child = Bun.spawn(command, { stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  if (code !== 0) throw new Error(`${runtime} exited ${code}: ${err}`);
  const { rss, size } = JSON.parse(out) as { rss: number[]; size: number };
  expect(size).toBe(10_000);
  return rss;
}

test("RSS stays flat over 1,000 worker reloads on Bun, Deno and Node", async () => {
  const runtimes = REAL_RUNTIMES.flatMap((runtime) => {
    const binary = runtimeBinary(runtime);
    return binary ? [[runtime, binary] as const] : [];
  });
  const results = await Promise.all(runtimes.map(([runtime, binary]) => reloadIn(runtime, binary)));
  runtimes.forEach(([runtime], i) => {
    const rss = results[i] as number[];
    const mb = rss.map((bytes) => +(bytes / 2 ** 20).toFixed(1));
    const growth = ((rss.at(-1) as number) - (rss[0] as number)) / 2 ** 20;
    console.info(`worker-memory: ${runtime} RSS after each 250 reloads (MB): ${mb.join(", ")}`);
    // From the first quarter on: 750 more reloads, which would keep 180 MB at 244 KB each.
    expect(growth).toBeLessThan(25);
  });
}, 120_000);
