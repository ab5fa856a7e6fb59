// Two saves of the same length inside one timestamp tick, under --poll, through the real CLI on
// Bun and Deno: the second save keeps the first one's size and mtime (forced with utimes, as a
// fast second save inside one tick leaves them), so only its content says it changed. Deno's
// node:fs stamps ctime in whole seconds, so there even ctime stays put within the second.
import { describe, expect, test } from "bun:test";
import { statSync, utimesSync, writeFileSync } from "node:fs";
import { CliProcess, useCliPluginsDir } from "../support/cli-process.ts";
import { useRuntimeClis } from "../support/runtime-cli.ts";

const clis = useRuntimeClis();

const t = useCliPluginsDir();

const entry = (word: string) =>
  `export default { setup(ctx) { ctx.log.info("MARK ${word} gen=" + ctx.generation); return {}; } };\n`;

/**
 * Resolves early in a wall-clock second, so the two saves below share their second: past its
 * first 20 ms, as the file system's coarse clock lags Date.now() by a few ms.
 */
async function startOfSecond(): Promise<void> {
  while (Date.now() % 1000 < 20 || Date.now() % 1000 > 100) await Bun.sleep(2);
}

describe("a second same-length save within one tick runs, under --poll", () => {
  for (const runtime of ["bun", "deno"] as const) {
    const binary = clis.binaries.get(runtime);
    test.skipIf(!binary)(
      runtime,
      async () => {
        await t.dir.plugin({ name: "ticked", files: { "index.ts": entry("aaaa") } });
        const args = ["dev", t.dir.root, "--json", "--poll", "--debounce", "20"];
        const cli = new CliProcess(clis.command(runtime, binary as string, args));
        await cli.waitFor((e) => e.type === "host:ready", { timeoutMs: 30_000 });
        await cli.waitForStderr("MARK aaaa gen=1");

        const file = t.dir.path("ticked", "index.ts");
        // A slow reload can push the second save into the next second: that pair proves less,
        // so it is tried again with new words, until one pair shares its second.
        let shared = false;
        for (let attempt = 0; attempt < 5 && !shared; attempt++) {
          const [one, two] = [`b${attempt}bb`, `c${attempt}cc`];
          await startOfSecond();
          writeFileSync(file, entry(one));
          const first = statSync(file);
          await cli.waitForStderr(`MARK ${one}`, 5000);
          // The host has looked at the first save; the second keeps its size and mtime.
          writeFileSync(file, entry(two));
          utimesSync(file, first.atime, first.mtime);
          shared = Math.floor(statSync(file).ctimeMs / 1000) === Math.floor(first.ctimeMs / 1000);
          await cli.waitForStderr(`MARK ${two}`, 5000);
        }
        expect(shared).toBe(true);
        expect(await cli.stop("SIGINT")).toBe(0);
      },
      60_000,
    );
  }
});
