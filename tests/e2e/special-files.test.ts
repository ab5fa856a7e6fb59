// A FIFO or a device where a plugin's file should be: reading one blocks (a FIFO waits for a
// writer) or never ends (/dev/zero), and every read is synchronous, so one such read would hang
// the whole host before host:ready. Each is refused in time, named with what it is, and the
// other plugins run, on the native and the poll watcher, on Bun and on Deno (whose import of a
// FIFO helper blocked the whole host: the load refuses it first).
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { execFileSync } from "node:child_process";
import { mkdirSync, renameSync, symlinkSync } from "node:fs";
import { CliProcess, REPO, runCommand } from "../support/cli-process.ts";
import { helloPlugin, PluginsDir } from "../support/plugin-fixture.ts";
import { useRuntimeClis } from "../support/runtime-cli.ts";

const clis = useRuntimeClis();

const mkfifo = (path: string) => execFileSync("mkfifo", [path]);

let dir: PluginsDir;
beforeEach(async () => {
  dir = await PluginsDir.create();
  await dir.plugin({ name: "fine", files: { "index.ts": helloPlugin("fine") } });
  mkdirSync(dir.path("fifo-manifest"));
  mkfifo(dir.path("fifo-manifest", "plugin.json"));
  mkdirSync(dir.path("zero-manifest"));
  symlinkSync("/dev/zero", dir.path("zero-manifest", "plugin.json"));
  await dir.write("fifo-entry/plugin.json", '{ "name": "fifo-entry", "version": "1.0.0" }');
  mkfifo(dir.path("fifo-entry", "index.ts"));
});
afterEach(() => dir.dispose());

const HELPED = 'import { word } from "./word.ts";\nexport default { setup: () => ({ word }) };\n';

for (const runtime of ["bun", "deno"] as const) {
  const binary = clis.binaries.get(runtime);
  const hotplug = (args: string[]) => clis.command(runtime, binary as string, args);

  test.skipIf(!binary)(
    `${runtime}: hotplug check names each special file and what it is, and exits 1`,
    async () => {
      // Helpers that are special files: their import would open them (Deno's blocked the host).
      for (const [name, make] of [
        ["fifo-helper", mkfifo],
        ["zero-helper", (path: string) => symlinkSync("/dev/zero", path)],
      ] as const) {
        await dir.plugin({ name, files: { "index.ts": HELPED } });
        make(dir.path(name, "word.ts"));
      }
      const { code, stderr } = await runCommand(hotplug(["check", dir.root]), REPO, 15_000);
      expect(code).toBe(1);
      expect(stderr).toContain("fifo-manifest/plugin.json: expected a file, found a FIFO");
      expect(stderr).toContain(
        "zero-manifest/plugin.json: expected a file, found a character device",
      );
      expect(stderr).toContain('fifo-entry/plugin.json: entry: "index.ts" is not a file (a FIFO)');
      // Bun's resolver finds no module in a FIFO, and names the link's target: the refusal
      // names what each runtime resolved.
      expect(stderr).toMatch(/fifo-helper \(import\): .*word\.ts/);
      expect(stderr).toMatch(/zero-helper \(import\): .*expected a file, found a character device/);
      expect(stderr).toContain("1 ok, 5 problems");
    },
  );

  for (const watcher of ["native", "poll"] as const) {
    describe.skipIf(!binary)(`${runtime}: hotplug dev (${watcher})`, () => {
      const flags = watcher === "poll" ? ["--poll"] : [];

      test("becomes ready with the special files refused and the other plugin running", async () => {
        const dev = new CliProcess(hotplug(["dev", dir.root, "--json", ...flags]));
        try {
          const ready = await dev.waitFor((e) => e.type === "host:ready", { timeoutMs: 20_000 });
          expect(ready).toMatchObject({ plugins: ["fine"] });
          expect([...(ready.failed as string[])].sort()).toEqual([
            "fifo-entry",
            "fifo-manifest",
            "zero-manifest",
          ]);
          expect(await dev.stop("SIGINT")).toBe(0);
        } finally {
          if (dev.proc.exitCode === null) dev.proc.kill("SIGKILL");
        }
      }, 30_000);

      // Deno 2.9's native watcher opens a FIFO created in the watched folder and blocks there
      // until a writer comes: no event arrives after it (README, Runtimes). --poll is unaffected.
      test.skipIf(runtime === "deno" && watcher === "native")(
        "a helper replaced by a FIFO blocks nothing: the next real save reloads",
        async () => {
          await dir.plugin({
            name: "helped",
            files: {
              "index.ts": HELPED,
              "word.ts": 'export const word = "one";\n',
            },
          });
          const dev = new CliProcess(hotplug(["dev", dir.root, "--json", ...flags]));
          try {
            await dev.waitFor((e) => e.type === "host:ready", { timeoutMs: 20_000 });
            // A tool that renames its output into place, here a FIFO: the host must not block on it.
            mkfifo(dir.path("helped", "word.next"));
            renameSync(dir.path("helped", "word.next"), dir.path("helped", "word.ts"));
            const fixed = dev.events.length;
            await dir.write("helped/word.next", 'export const word = "two";\n');
            renameSync(dir.path("helped", "word.next"), dir.path("helped", "word.ts"));
            await dev.waitFor((e) => e.type === "plugin:reloaded" && e.plugin === "helped", {
              from: fixed,
              timeoutMs: 15_000,
            });
            expect(await dev.stop("SIGINT")).toBe(0);
          } finally {
            if (dev.proc.exitCode === null) dev.proc.kill("SIGKILL");
          }
        },
        40_000,
      );
    });
  }
}
