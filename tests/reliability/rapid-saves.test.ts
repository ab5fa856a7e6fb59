// Saves as fast as a script makes them, each one the moment the previous one has reloaded,
// alternating atomic (temp file renamed over) and in-place writes, at `--debounce 0`. Bun's
// fs.watch drops an event for a path that changes again within ~2 ms of its previous event:
// without the host's own checks, some save would never run, with no event at all.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { rename, writeFile } from "node:fs/promises";
import { CliProcess, killLeftovers } from "../support/cli-process.ts";
import { PluginsDir } from "../support/plugin-fixture.ts";
import { marker } from "./save-patterns-suite.ts";

let dir: PluginsDir;
let dev: CliProcess | undefined;
beforeEach(async () => {
  dir = await PluginsDir.create();
});
afterEach(async () => {
  await killLeftovers();
  await dir.dispose();
});

// Polling sees one save per interval at best: fewer saves prove the same there.
const SAVES = { native: 1000, poll: 40 } as const;

for (const backend of ["native", "poll"] as const) {
  describe(`${backend} watcher`, () => {
    test(`${SAVES[backend]} saves, each at once after the previous reload: every one runs`, async () => {
      const entry = await dir.plugin({ name: "rapid", files: { "index.ts": marker("save-0") } });
      const file = `${entry}/index.ts`;
      const poll = backend === "poll" ? ["--poll"] : [];
      dev = CliProcess.cli(["dev", dir.root, "--json", "--debounce", "0", ...poll]);
      await dev.waitFor((e) => e.type === "host:ready", { timeoutMs: 20_000 });
      for (let i = 1; i <= SAVES[backend]; i++) {
        const text = marker(`save-${i}`);
        if (i % 2 === 0) {
          await writeFile(`${file}.tmp`, text);
          await rename(`${file}.tmp`, file);
        } else {
          // In place, twice: a first version, then at once the final one, the second write
          // well inside the window in which Bun drops an event for the same path.
          await writeFile(file, marker(`draft-${i}`));
          await writeFile(file, text);
        }
        // Nothing later was written yet: this save's own bytes must run (a draft of it may
        // have run first; superseded, it does not count).
        await dev.waitForStderr(`MARK save-${i}\n`, 5000);
      }
      expect(dev.events.filter((e) => e.type === "plugin:failed")).toEqual([]);
      expect(await dev.stop("SIGINT")).toBe(0);
    }, 120_000);
  });
}
