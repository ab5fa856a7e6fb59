import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { $ } from "bun";
import { CliProcess } from "../support/cli-process.ts";
import { PluginsDir } from "../support/plugin-fixture.ts";

/**
 * How editors and tools really save, end to end through `hotplug dev --json --debounce 50`:
 * each save gives exactly one reload per affected plugin, running the final content, and
 * editors' side files (swap, 4913, backup~) give none. "Nothing more is coming" is proved by
 * a later save of a sentinel plugin: its reload comes after anything the save could cause.
 */
// Debian's vim-tiny (what .ci/run installs) is `vim.tiny`; it saves the same way.
const VIM = Bun.which("vim") ?? Bun.which("vim.tiny");
if (!VIM)
  console.warn(
    "save-patterns: vim is not installed (neither vim nor vim.tiny), so the vim test is skipped",
  );

/** Logs its marker from setup(): the proof that this content is what runs. */
const marker = (text: string) =>
  `const TEXT = ${JSON.stringify(text)};\nexport default {\n  setup(ctx) {\n    ctx.log.info("MARK " + TEXT);\n    return { text: TEXT };\n  },\n};\n`;

const PLUGINS = ["alpha", "beta", "gamma"] as const;
let dir: PluginsDir;
let dev: CliProcess;
let sentinelSaves = 0;

const entryOf = (name: string) => dir.path(name, "index.ts");

beforeAll(async () => {
  dir = await PluginsDir.create();
  for (const name of [...PLUGINS, "sentinel"]) {
    await dir.plugin({ name, files: { "index.ts": marker(`${name}-v1`) } });
  }
  // A branch that changes every plugin but the sentinel, for `git checkout`.
  const git = (args: string[]) =>
    $`git -c user.name=t -c user.email=t@example.com -c init.defaultBranch=main ${args}`
      .cwd(dir.root)
      .quiet();
  await git(["init", "-q"]);
  await git(["add", "-A"]);
  await git(["commit", "-qm", "v1"]);
  await git(["checkout", "-qb", "feature"]);
  for (const name of PLUGINS) await writeFile(entryOf(name), marker(`${name}-git`));
  await git(["commit", "-qam", "feature"]);
  await git(["checkout", "-q", "main"]);

  dev = CliProcess.cli(["dev", dir.root, "--json", "--debounce", "50", "--log-level", "info"]);
  await dev.waitFor((e) => e.type === "host:ready", { timeoutMs: 20_000 });
});

afterAll(async () => {
  if (dev.proc.exitCode === null) expect(await dev.stop("SIGINT")).toBe(0);
  await dir.dispose();
});

/**
 * After `save()`: one reload of each of `plugins`, running `finals`, none of anything else,
 * and no side file named in any reload.
 */
async function expectOneReloadEach(
  save: () => Promise<unknown>,
  plugins: readonly string[],
  finals: readonly string[],
): Promise<void> {
  const mark = dev.mark;
  await save();
  for (const plugin of plugins) {
    await dev.waitFor((e) => e.type === "plugin:reloaded" && e.plugin === plugin, {
      from: mark,
      timeoutMs: 15_000,
    });
  }
  for (const text of finals) await dev.waitForStderr(`MARK ${text}\n`, 15_000);
  const sentinel = `sentinel-${++sentinelSaves}`;
  const before = dev.mark;
  await writeFile(entryOf("sentinel"), marker(sentinel));
  await dev.waitFor((e) => e.type === "plugin:reloaded" && e.plugin === "sentinel", {
    from: before,
    timeoutMs: 15_000,
  });
  const after = dev.events.slice(mark, before);
  const counts: Record<string, number> = {};
  for (const event of after) {
    if (event.type === "<not JSON>") continue;
    const key = `${event.type} ${event.plugin}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  expect(counts).toEqual(Object.fromEntries(plugins.map((p) => [`plugin:reloaded ${p}`, 1])));
  for (const event of after) {
    const files = event.files as string[];
    expect(files).toContain(`${event.plugin}/index.ts`);
    // Editors' side files are excluded; a tool's own temp file (sed's `sedXXXXXX`) may be named.
    expect(files.filter((file) => /(\.sw[px]|~|\/4913|\.tmp)$/.test(file))).toEqual([]);
    if (files.length > 1) console.info(`save-patterns: a reload also named ${files.join(", ")}`);
  }
}

describe("one save, one reload, the final content", () => {
  test.skipIf(!VIM)("vim :w with its default settings", async () => {
    await expectOneReloadEach(
      () =>
        $`${VIM as string} -N -u NONE -i NONE -es -c ${"%s/alpha-v1/alpha-vim/"} -c wq ${entryOf("alpha")}`
          .quiet()
          .nothrow()
          .then((result) => expect(result.exitCode).toBe(0)),
      ["alpha"],
      ["alpha-vim"],
    );
  });

  test("sed -i", async () => {
    await expectOneReloadEach(
      () => $`sed -i s/beta-v1/beta-sed/ ${entryOf("beta")}`.quiet(),
      ["beta"],
      ["beta-sed"],
    );
  });

  test("cp over the file", async () => {
    const staged = join(dir.root, "..", "gamma-cp.ts");
    await writeFile(staged, marker("gamma-cp"));
    await expectOneReloadEach(
      () => $`cp ${staged} ${entryOf("gamma")}`.quiet(),
      ["gamma"],
      ["gamma-cp"],
    );
  });

  test("mv of a temp file written beside it", async () => {
    const temp = `${entryOf("alpha")}.tmp`;
    await expectOneReloadEach(
      async () => {
        await writeFile(temp, marker("alpha-mv"));
        await $`mv ${temp} ${entryOf("alpha")}`.quiet();
      },
      ["alpha"],
      ["alpha-mv"],
    );
  });

  test("git checkout of a branch that changes three plugins", async () => {
    // Back to the committed content first, so checkout has nothing in the way.
    await $`git checkout -q -- ${PLUGINS}`.cwd(dir.root).quiet();
    for (const name of PLUGINS) await dev.waitForStderr(`MARK ${name}-v1\n`, 15_000);
    await expectOneReloadEach(
      () => $`git checkout -q feature`.cwd(dir.root).quiet(),
      PLUGINS,
      PLUGINS.map((name) => `${name}-git`),
    );
  });

  test("tar -x over the folder", async () => {
    const staging = join(dir.root, "..", "staging");
    for (const name of ["alpha", "beta"]) {
      await mkdir(join(staging, name), { recursive: true });
      await writeFile(join(staging, name, "index.ts"), marker(`${name}-tar`));
    }
    const archive = join(dir.root, "..", "update.tar");
    await $`tar -cf ${archive} -C ${staging} alpha beta`.quiet();
    await expectOneReloadEach(
      () => $`tar -xf ${archive} -C ${dir.root}`.quiet(),
      ["alpha", "beta"],
      ["alpha-tar", "beta-tar"],
    );
  });

  test("touch with no content change: at most one reload", async () => {
    const mark = dev.mark;
    await $`touch ${entryOf("gamma")}`.quiet();
    const before = dev.mark;
    await writeFile(entryOf("sentinel"), marker(`sentinel-${++sentinelSaves}`));
    await dev.waitFor((e) => e.type === "plugin:reloaded" && e.plugin === "sentinel", {
      from: before,
      timeoutMs: 15_000,
    });
    const reloads = dev.events
      .slice(mark)
      .filter((e) => e.type === "plugin:reloaded" && e.plugin === "gamma");
    console.info(`save-patterns: touch without a change gave ${reloads.length} reload(s)`);
    expect(reloads.length).toBeLessThanOrEqual(1);
  });
});
