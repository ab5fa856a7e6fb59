// How editors and tools really save, replayed with their own syscalls (or run for real: vim,
// git, tar, rsync, cp) against `hotplug dev --json` at its default settings, once per watcher
// backend. Each save gives exactly one reload of each plugin it touches, running the final
// bytes, with no plugin:failed and nothing loaded from a temporary name. "Nothing more is
// coming" is proved by a later save of a sentinel plugin: its reload comes after anything the
// save could cause.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, open, rename, rm, symlink, truncate, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { $ } from "bun";
import { CLI, CliProcess } from "../support/cli-process.ts";
import { PluginsDir } from "../support/plugin-fixture.ts";

export type Backend = "native" | "poll";

export interface SuiteOptions {
  readonly hotplug?: HotplugCommand;
  readonly label?: string;
  /** Saves this runtime is known to handle otherwise (README, Runtimes), by their test names. */
  readonly skip?: readonly string[];
}

// Debian's vim-tiny (what .ci/run installs) is `vim.tiny`; it saves the same way.
const VIM = Bun.which("vim") ?? Bun.which("vim.tiny");
const RSYNC = Bun.which("rsync");

/** Logs its marker from setup(): the proof that this content is what runs. */
export const marker = (text: string) =>
  `const TEXT = ${JSON.stringify(text)};\nexport default {\n  setup(ctx) {\n    ctx.log.info("MARK " + TEXT);\n    return { text: TEXT };\n  },\n};\n`;

/** Names no event may carry as a reloaded file: editors' and tools' temporary files. */
const TEMP_NAME = /(\.sw[px]|~|\/4913|\.tmp|___jb_(tmp|old)___|\/\.#[^/]*)$/;

const PLUGINS = ["alpha", "beta", "gamma", "delta", "epsilon"] as const;
const sleep = (ms: number) => new Promise((wake) => setTimeout(wake, ms));

/** The command line of `hotplug <args>`: the CLI on Bun unless a test runs it elsewhere. */
export type HotplugCommand = (args: string[]) => string[];

const onBun: HotplugCommand = (args) => ["bun", CLI, ...args];

/** The suite against one watcher backend; `label` names the runtime in the describe. */
export function savePatternsSuite(
  backend: Backend,
  { hotplug = onBun, label = "", skip = [] }: SuiteOptions = {},
): void {
  describe(`${label}${backend} watcher, default settings`, () => {
    let dir: PluginsDir;
    let dev: CliProcess;
    let sentinelSaves = 0;
    const entryOf = (name: string) => dir.path(name, "index.ts");
    const git = (args: string[]) =>
      $`git -c user.name=t -c user.email=t@example.com -c init.defaultBranch=main ${args}`
        .cwd(dir.root)
        .quiet();

    beforeAll(async () => {
      dir = await PluginsDir.create();
      for (const name of [...PLUGINS, "sentinel"]) {
        await dir.plugin({ name, files: { "index.ts": marker(`${name}-v1`) } });
      }
      // A branch that changes alpha, beta and gamma, for `git checkout`.
      await git(["init", "-q"]);
      await git(["add", "-A"]);
      await git(["commit", "-qm", "v1"]);
      await git(["checkout", "-qb", "feature"]);
      for (const name of ["alpha", "beta", "gamma"])
        await writeFile(entryOf(name), marker(`${name}-git`));
      await git(["commit", "-qam", "feature"]);
      await git(["checkout", "-q", "main"]);
      const poll = backend === "poll" ? ["--poll"] : [];
      dev = new CliProcess(hotplug(["dev", dir.root, "--json", "--log-level", "info", ...poll]));
      await dev.waitFor((e) => e.type === "host:ready", { timeoutMs: 30_000 });
    });

    afterAll(async () => {
      if (dev.proc.exitCode === null) expect(await dev.stop("SIGINT")).toBe(0);
      await dir.dispose();
    });

    /**
     * Saves the sentinel and waits for its reload: everything saved before it has been seen
     * and handled by then. Returns the event index from before the sentinel's save.
     */
    async function flushed(): Promise<number> {
      const before = dev.mark;
      await writeFile(entryOf("sentinel"), marker(`sentinel-${++sentinelSaves}`));
      await dev.waitFor((e) => e.type === "plugin:reloaded" && e.plugin === "sentinel", {
        from: before,
        timeoutMs: 15_000,
      });
      return before;
    }

    /**
     * After `save()`: one reload of each of `plugins`, running `finals`, none of anything
     * else, no failure, and no temporary file named in any reload.
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
      const before = await flushed();
      const after = dev.events.slice(mark, before);
      const counts: Record<string, number> = {};
      for (const event of after) {
        const key = `${event.type} ${event.plugin}`;
        counts[key] = (counts[key] ?? 0) + 1;
      }
      expect(counts).toEqual(Object.fromEntries(plugins.map((p) => [`plugin:reloaded ${p}`, 1])));
      for (const event of after) {
        const files = event.files as string[];
        expect(files.filter((file) => TEMP_NAME.test(`/${file}`))).toEqual([]);
      }
    }

    test.skipIf(!VIM)("vim :w with its default settings (4913 probe, backup~, write)", async () => {
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

    test("JetBrains safe write (___jb_tmp___, ___jb_old___)", async () => {
      const entry = entryOf("beta");
      await expectOneReloadEach(
        async () => {
          await writeFile(`${entry}___jb_tmp___`, marker("beta-jb"));
          await rename(entry, `${entry}___jb_old___`);
          await rename(`${entry}___jb_tmp___`, entry);
          await rm(`${entry}___jb_old___`);
        },
        ["beta"],
        ["beta-jb"],
      );
    });

    test("in place: truncate, then the write 40 ms later", async () => {
      const entry = entryOf("gamma");
      await expectOneReloadEach(
        async () => {
          await truncate(entry, 0);
          await sleep(40);
          const file = await open(entry, "r+");
          await file.write(marker("gamma-inplace"), 0);
          await file.close();
        },
        ["gamma"],
        ["gamma-inplace"],
      );
    });

    test("format-on-save: the save, then the formatter's rewrite 30 ms later", async () => {
      const entry = entryOf("delta");
      const formatOnSave = async (text: string) => {
        await writeFile(entry, marker(text).replaceAll("\n", "\n\n"));
        await sleep(30);
        await writeFile(entry, marker(text));
      };
      // The first such save teaches the host that this plugin's saves come in two writes.
      const mark = dev.mark;
      await formatOnSave("delta-first");
      await dev.waitForStderr("MARK delta-first\n", 15_000);
      await flushed();
      expect(dev.events.slice(mark).filter((e) => e.type === "plugin:failed")).toEqual([]);
      await expectOneReloadEach(
        () => formatOnSave("delta-formatted"),
        ["delta"],
        ["delta-formatted"],
      );
    });

    test("emacs: the lock symlink .#index.ts while the buffer is saved in place", async () => {
      const entry = entryOf("epsilon");
      const lock = dir.path("epsilon", ".#index.ts");
      await expectOneReloadEach(
        async () => {
          await symlink("user@host.4242:1733040000", lock);
          await writeFile(entry, marker("epsilon-emacs"));
          await rm(lock);
        },
        ["epsilon"],
        ["epsilon-emacs"],
      );
    });

    const GIT_BURST = "git checkout back and forth in a burst";
    test.skipIf(skip.includes(GIT_BURST))(GIT_BURST, async () => {
      // Back to the committed content first, so checkout has nothing in the way. Only the
      // plugins earlier saves changed reload then (without vim or rsync, fewer ran).
      const changed = (await git(["diff", "--name-only", "--", "alpha", "beta", "gamma"]))
        .text()
        .split("\n")
        .filter(Boolean)
        .map((path) => path.split("/")[0] as string);
      const reset = dev.mark;
      await $`git checkout -q -- alpha beta gamma`.cwd(dir.root).quiet();
      for (const name of new Set(changed)) {
        await dev.waitFor((e) => e.type === "plugin:reloaded" && e.plugin === name, {
          from: reset,
        });
      }
      await expectOneReloadEach(
        () =>
          $`git checkout -q feature && git checkout -q main && git checkout -q feature`
            .cwd(dir.root)
            .quiet(),
        ["alpha", "beta", "gamma"],
        ["alpha-git", "beta-git", "gamma-git"],
      );
    });

    test.skipIf(!RSYNC)("rsync -a of older files (.name.XXXXXX, old mtime, rename)", async () => {
      const staging = join(dir.root, "..", "rsync-staging");
      await mkdir(join(staging, "alpha"), { recursive: true });
      await writeFile(join(staging, "alpha", "index.ts"), marker("alpha-rsync"));
      const old = new Date(Date.now() - 86_400_000);
      await utimes(join(staging, "alpha", "index.ts"), old, old);
      await expectOneReloadEach(
        () => $`${RSYNC as string} -a ${`${staging}/alpha/`} ${`${dir.root}/alpha/`}`.quiet(),
        ["alpha"],
        ["alpha-rsync"],
      );
    });

    const RSYNC_DELAYED = "rsync --delay-updates of two plugins";
    test.skipIf(!RSYNC || skip.includes(RSYNC_DELAYED))(RSYNC_DELAYED, async () => {
      const staging = join(dir.root, "..", "rsync-delayed");
      // A length no earlier test left: rsync skips a file of the same size and the same mtime
      // second (its quick check), and gamma's in-place save may be from this very second.
      for (const name of ["beta", "gamma"]) {
        await mkdir(join(staging, name), { recursive: true });
        await writeFile(join(staging, name, "index.ts"), marker(`${name}-delayed-by-rsync`));
      }
      await expectOneReloadEach(
        () => $`${RSYNC as string} -a --delay-updates ${`${staging}/`} ${`${dir.root}/`}`.quiet(),
        ["beta", "gamma"],
        ["beta-delayed-by-rsync", "gamma-delayed-by-rsync"],
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

    test("cp -r over a plugin folder", async () => {
      const staging = join(dir.root, "..", "cp-staging", "gamma");
      await mkdir(staging, { recursive: true });
      await writeFile(join(staging, "index.ts"), marker("gamma-cp"));
      await writeFile(
        join(staging, "plugin.json"),
        JSON.stringify({ name: "gamma", version: "1.0.1" }),
      );
      await expectOneReloadEach(
        () => $`cp -r ${`${staging}/.`} ${dir.path("gamma")}`.quiet(),
        ["gamma"],
        ["gamma-cp"],
      );
    });

    test("same stat, other bytes: a same-length rewrite with its old mtime put back", async () => {
      const entry = entryOf("delta");
      const before = await Bun.file(entry).stat();
      const text = marker("delta-same-1");
      await expectOneReloadEach(
        async () => {
          await writeFile(entry, text);
          await utimes(entry, before.atime, before.mtime);
        },
        ["delta"],
        ["delta-same-1"],
      );
    });

    test("same stat, other bytes: two same-length writes within one timestamp tick", async () => {
      const entry = entryOf("epsilon");
      await expectOneReloadEach(
        async () => {
          await writeFile(entry, marker("epsilon-tick-1"));
          await writeFile(entry, marker("epsilon-tick-2"));
        },
        ["epsilon"],
        ["epsilon-tick-2"],
      );
    });

    test("touch with no content change: nothing reloads", async () => {
      const mark = dev.mark;
      await $`touch ${entryOf("gamma")}`.quiet();
      expect(dev.events.slice(mark, await flushed())).toEqual([]);
    });
  });
}
