import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PluginLoader } from "../src/plugin/loader/plugin-loader.ts";
import { readManifest } from "../src/plugin/manifest/read-manifest.ts";
import { changedSince, sourceOf } from "../src/plugin/source-state.ts";
import { detectRuntime } from "../src/runtime/detect-runtime.ts";
import { makeTemp, removeTemp } from "./lib/cleanup.ts";
import { figure, median } from "./lib/stats.ts";
import type { Benchmark } from "./lib/types.ts";

/** Microseconds per call of `fn`, over `n` calls, as `rounds` medians. */
function timeUs(fn: () => unknown, n: number, rounds: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    out.push(((performance.now() - t0) / n) * 1000);
  }
  return out;
}

/**
 * What "what runs is what is on disk" costs a reload: after every job the host reads each file
 * of the plugin's manifest and graph again and compares digests (changedSince), and before
 * the import it scans the graph with a digest of each file. Both are timed here on a plugin
 * of an entry and two helpers, next to a bare read of the same files.
 */
export const verify: Benchmark = {
  name: "verify",
  title: "The cost of verifying by content",
  async run(ctx) {
    const base = await makeTemp("verify");
    try {
      const dir = join(base, "p");
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "plugin.json"), JSON.stringify({ name: "p", version: "1.0.0" }));
      writeFileSync(join(dir, "a.ts"), `export const a = "${"x".repeat(2000)}";\n`);
      writeFileSync(
        join(dir, "b.ts"),
        `import { a } from "./a.ts";\nexport const b = a + "${"y".repeat(2000)}";\n`,
      );
      writeFileSync(
        join(dir, "index.ts"),
        `import { b } from "./b.ts";\nexport default { setup: () => ({ b }) };\n${"// padding\n".repeat(200)}`,
      );
      const loader = new PluginLoader(detectRuntime());
      const loaded = await readManifest(dir);
      const read = sourceOf(loaded, loader.scan(loaded.entryPath));
      const files = [loaded.path, ...read.graph.files];
      const n = ctx.quick ? 2000 : 20_000;
      const rounds = ctx.quick ? 3 : 7;
      const verifyUs = timeUs(() => changedSince(read), n, rounds);
      const scanUs = timeUs(() => loader.scan(loaded.entryPath), n, rounds);
      const readUs = timeUs(
        () => {
          for (const file of files) readFileSync(file);
        },
        n,
        rounds,
      );
      if (changedSince(read).length !== 0) throw new Error("verify: a file changed during the run");
      return {
        figures: [
          figure("verify after a job (4 files: manifest, entry, 2 helpers)", "us", verifyUs),
          figure("graph scan with digests (3 modules)", "us", scanUs),
          figure("reference: read the same 4 files", "us", readUs),
        ],
        comparisons: [
          {
            name: "verify after a job",
            ratio: median(verifyUs) / median(readUs),
            against: "reading its files",
          },
        ],
        targets: [
          {
            name: "verification per reload",
            goal: "<= 100 us",
            actual: `${median(verifyUs).toFixed(1)} us`,
            met: median(verifyUs) <= 100,
          },
        ],
        notes: [
          "The verification runs after the new generation serves (after plugin:reloaded), so it adds" +
            " nothing to save -> new code; it is the extra CPU of each reload.",
        ],
      };
    } finally {
      await removeTemp(base);
    }
  },
};
