import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  cp,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  realpath,
  rm,
  symlink,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CliProcess, REPO, runCommand } from "../support/cli-process.ts";
import { helloPlugin } from "../support/plugin-fixture.ts";
import { useRuntimeClis } from "../support/runtime-cli.ts";

const clis = useRuntimeClis();

/**
 * tests/fixtures/bad-plugins/<case>/ holds one or more plugin folders and expect.json: the
 * phase, a fragment of the message, and the file (relative to the case) the message names.
 * Each case goes through `hotplug check <case>` and, all together, through one `hotplug dev`
 * on Bun and one on Deno.
 */
interface Expect {
  readonly plugin: string;
  readonly phase: string;
  readonly message: string;
  readonly file: string;
  /** `dev` words some problems differently (a missing dependency is waited for). */
  readonly devMessage?: string;
  /** false: a problem only starting shows (check starts nothing), so check passes. */
  readonly check?: boolean;
  readonly timedOut?: boolean;
}

const CORPUS = join(REPO, "tests", "fixtures", "bad-plugins");
let base: string;
/** The corpus copied, plus the cases made here (too big, or symlinks, to commit). */
let cases: string;
const expected = new Map<string, Expect>();

const entry = "export default { setup: () => ({ ok: true }) };\n";
const manifest = (name: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ name, version: "1.0.0", ...extra });

/** Cases that cannot be committed: a 300 KiB manifest, symlinks that lead out of the folder. */
async function generate(): Promise<void> {
  const add = async (name: string, files: Record<string, string>, expect: Expect) => {
    for (const [file, text] of Object.entries(files)) {
      await mkdir(join(cases, name, file, ".."), { recursive: true });
      await writeFile(join(cases, name, file), text);
    }
    await writeFile(join(cases, name, "expect.json"), JSON.stringify(expect));
  };
  await add(
    "oversize-manifest",
    {
      "oversize-manifest/plugin.json": manifest("oversize-manifest", {
        description: "x".repeat(300 * 1024),
      }),
      "oversize-manifest/index.ts": entry,
    },
    {
      plugin: "oversize-manifest",
      phase: "manifest",
      message: "over the 256 KiB limit",
      file: "oversize-manifest/plugin.json",
    },
  );
  await add(
    "entry-symlink-escape",
    {
      "entry-symlink-escape/plugin.json": manifest("entry-symlink-escape"),
      "outside.ts": entry,
    },
    {
      plugin: "entry-symlink-escape",
      phase: "manifest",
      message: "is a symlink to",
      file: "entry-symlink-escape/plugin.json",
    },
  );
  await symlink("../outside.ts", join(cases, "entry-symlink-escape/entry-symlink-escape/index.ts"));
  await add(
    "entry-folder-symlink-escape",
    {
      "entry-folder-symlink-escape/plugin.json": manifest("entry-folder-symlink-escape", {
        entry: "lib/index.ts",
      }),
      "elsewhere/index.ts": entry,
    },
    {
      plugin: "entry-folder-symlink-escape",
      phase: "manifest",
      message: "outside the plugin folder",
      file: "entry-folder-symlink-escape/plugin.json",
    },
  );
  await symlink(
    join(cases, "entry-folder-symlink-escape", "elsewhere"),
    join(cases, "entry-folder-symlink-escape/entry-folder-symlink-escape/lib"),
  );
}

beforeAll(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), "hotplug-corpus-")));
  cases = join(base, "cases");
  await cp(CORPUS, cases, { recursive: true });
  await generate();
  for (const name of (await readdir(cases)).sort()) {
    expected.set(name, JSON.parse(await readFile(join(cases, name, "expect.json"), "utf8")));
  }
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const committed = (await readdir(CORPUS)).sort();
const generated = ["oversize-manifest", "entry-symlink-escape", "entry-folder-symlink-escape"];

test("the corpus holds at least 40 cases, each with expect.json", () => {
  expect(committed.length).toBeGreaterThanOrEqual(40);
  for (const name of [...committed, ...generated]) expect(expected.get(name)?.phase).toBeString();
});

for (const runtime of ["bun", "deno"] as const) {
  const binary = clis.binaries.get(runtime);
  describe.skipIf(!binary)(
    `${runtime}: hotplug check <case>: exit 1, names the file and the field, no stack trace`,
    () => {
      test.each([...committed, ...generated])("%s", async (name) => {
        const want = expected.get(name) as Expect;
        const check = clis.command(runtime, binary as string, ["check", join(cases, name)]);
        const { code, stdout, stderr } = await runCommand(check, REPO);
        const output = stdout + stderr;
        expect(output).not.toContain("    at ");
        if (want.check === false) {
          expect({ code, output }).toMatchObject({ code: 0 });
          return;
        }
        expect({ code, output }).toMatchObject({ code: 1 });
        expect(stderr).toContain(`(${want.phase})`);
        expect(stderr).toContain(want.message);
        expect(stderr).toContain(`${name}/${want.file}`);
      });
    },
  );
}

for (const runtime of ["bun", "deno"] as const) {
  const binary = clis.binaries.get(runtime);
  describe.skipIf(!binary)(`${runtime}: hotplug dev over every case at once`, () => {
    test("each bad plugin reports plugin:failed with its phase; a good sibling keeps running", async () => {
      const plugins = join(base, `plugins-${runtime}`);
      await mkdir(plugins);
      const folders = new Set<string>();
      for (const name of expected.keys()) {
        for (const folder of await readdir(join(cases, name))) {
          if (folder === "expect.json" || ["outside.ts", "elsewhere"].includes(folder)) continue;
          expect(folders.has(folder)).toBe(false); // folder names are unique across the corpus
          folders.add(folder);
          await cp(join(cases, name, folder), join(plugins, folder), {
            recursive: true,
            verbatimSymlinks: true,
          });
        }
      }
      // Symlinks relative to their case folder: the escapes still lead out of the plugin folder.
      await cp(join(cases, "entry-symlink-escape", "outside.ts"), join(plugins, "outside.ts"));
      await mkdir(join(plugins, "good-sibling"));
      await writeFile(join(plugins, "good-sibling", "plugin.json"), manifest("good-sibling"));
      await writeFile(join(plugins, "good-sibling", "index.ts"), helloPlugin("v1"));

      const args = ["dev", plugins, "--json", "--debounce", "50", "--timeout", "300"];
      const dev = new CliProcess(clis.command(runtime, binary as string, args));
      try {
        const ready = await dev.waitFor((e) => e.type === "host:ready", { timeoutMs: 60_000 });
        expect(ready.plugins).toContain("good-sibling");
        const failures = dev.events.filter((e) => e.type === "plugin:failed");
        const missing: string[] = [];
        for (const [name, want] of expected) {
          const found = failures.find(
            (e) =>
              e.plugin === want.plugin &&
              e.phase === want.phase &&
              String(e.message).includes(want.devMessage ?? want.message) &&
              `${e.file ?? ""} ${e.message}`.includes(want.file) &&
              (want.timedOut === undefined || e.timedOut === want.timedOut),
          );
          if (!found) missing.push(name);
        }
        expect({ missing, failures }).toMatchObject({ missing: [] });

        // The host still watches and reloads the good plugin.
        const mark = dev.mark;
        await writeFile(join(plugins, "good-sibling", "index.ts"), helloPlugin("v2"));
        await dev.waitFor((e) => e.type === "plugin:reloaded" && e.plugin === "good-sibling", {
          from: mark,
          timeoutMs: 15_000,
        });
        expect(await dev.stop("SIGINT", 20_000)).toBe(0);
        expect(dev.events.at(-1)?.type).toBe("host:stopped");
        expect(dev.events.filter((e) => e.type === "<not JSON>")).toEqual([]);
        expect(dev.stdoutLines.join("\n")).not.toContain("    at ");
        // A plugin's code error shows the plugin's own frames, never hotplug's or the runtime's.
        const frames = dev.stderr.split("\n").filter((line) => /^\s+at /.test(line));
        for (const frame of frames) expect(frame).toContain(`${plugins}/`);
      } finally {
        if (dev.proc.exitCode === null) dev.proc.kill("SIGKILL");
      }
    }, 120_000);
  });
}
