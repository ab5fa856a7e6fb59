// "What runs is what is on disk" for every way a project imports code, through the real CLI
// and a real `bun install` (no network: workspace packages and local tarballs): a workspace
// package, a tsconfig `paths` alias, a package.json `imports` entry, and a package installed
// anew. Each edit reloads exactly the plugins that import it, once, and they run the new code.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { CliProcess, killLeftovers } from "../support/cli-process.ts";
import { PluginsDir } from "../support/plugin-fixture.ts";

let dir: PluginsDir;
/** The project around plugins/: its package.json, tsconfig, libs and node_modules. */
let project: string;
beforeEach(async () => {
  dir = await PluginsDir.create();
  project = dirname(dir.root);
});
afterEach(async () => {
  await killLeftovers();
  await dir.dispose();
});

const writeIn = async (path: string, content: string) => {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
};
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Runs `bun <args>` in the project; fails the test with bun's output when it fails. */
async function bun(args: string[], cwd = project): Promise<void> {
  const proc = Bun.spawn(["bun", ...args], { cwd, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) throw new Error(`bun ${args.join(" ")} exited ${code}:\n${out}\n${err}`);
}

/** A plugin that logs `MARK <name> <what it imported>` when set up: the proof of what runs. */
const importer = (name: string, specifiers: string[]) => {
  const lines = specifiers.map((specifier, i) => `import { value as v${i} } from "${specifier}";`);
  const shown =
    specifiers.length === 0 ? '"none"' : specifiers.map((_, i) => `v${i}`).join(' + " " + ');
  return dir.plugin({
    name,
    files: {
      "index.ts": `${lines.join("\n")}
export default { setup(ctx) { ctx.log.info("MARK ${name} " + ${shown}); return {}; } };
`,
    },
  });
};

async function dev(extra: string[] = []): Promise<CliProcess> {
  const cli = CliProcess.cli(["dev", dir.root, "--json", "--debounce", "20", ...extra], project);
  await cli.waitFor((e) => e.type === "host:ready", { timeoutMs: 20_000 });
  return cli;
}

const reloadsOf = (cli: CliProcess, name: string, from = 0) =>
  cli.events.slice(from).filter((e) => e.type === "plugin:reloaded" && e.plugin === name);

/** Waits for `name`'s reload after `from`, then for the mark its new code logs. */
async function reloaded(cli: CliProcess, name: string, from: number, mark: string) {
  await cli.waitFor((e) => e.type === "plugin:reloaded" && e.plugin === name, { from });
  await cli.waitForStderr(`MARK ${name} ${mark}`);
}

for (const backend of ["native", "poll"] as const) {
  const flags = backend === "poll" ? ["--poll", "--poll-interval", "50"] : [];

  describe(`${backend} watcher`, () => {
    test("a workspace package edited: each importer reloads once and runs it; others do not", async () => {
      await writeIn(
        join(project, "package.json"),
        json({
          name: "app",
          private: true,
          workspaces: ["libs/*"],
          dependencies: { "@acme/shared": "workspace:*" },
        }),
      );
      const shared = join(project, "libs", "shared", "index.ts");
      await writeIn(
        join(project, "libs", "shared", "package.json"),
        json({ name: "@acme/shared", version: "1.0.0", main: "index.ts" }),
      );
      await writeIn(shared, 'export const value = "shared-1";\n');
      await bun(["install"]);
      await importer("alpha", ["@acme/shared"]);
      await importer("beta", ["@acme/shared"]);
      await importer("gamma", []);
      const cli = await dev(flags);
      await cli.waitForStderr("MARK alpha shared-1");
      const mark = cli.mark;
      await writeFile(shared, 'export const value = "shared-2";\n');
      await cli.waitForStderr("MARK alpha shared-2");
      await cli.waitForStderr("MARK beta shared-2");
      // gamma's own edit comes after: whatever the shared edit caused has happened by then.
      await dir.write("gamma/index.ts", "export default { setup() { return {}; } };\n");
      await cli.waitFor((e) => e.type === "plugin:reloaded" && e.plugin === "gamma", {
        from: mark,
      });
      for (const name of ["alpha", "beta"]) {
        expect(reloadsOf(cli, name, mark)).toMatchObject([
          { cause: "change", files: ["../libs/shared/index.ts"] },
        ]);
      }
      expect(reloadsOf(cli, "gamma", mark)).toMatchObject([{ files: ["gamma/index.ts"] }]);
      expect(cli.events.filter((e) => e.type === "plugin:failed")).toEqual([]);
      expect(await cli.stop("SIGINT")).toBe(0);
    }, 60_000);

    test("a tsconfig paths alias and a package.json imports entry: each edit reloads its importer only", async () => {
      await writeIn(
        join(project, "package.json"),
        json({ name: "app", private: true, imports: { "#config": "./config/index.ts" } }),
      );
      await writeIn(
        join(project, "tsconfig.json"),
        json({ compilerOptions: { baseUrl: ".", paths: { "@lib/*": ["lib/*"] } } }),
      );
      const aliased = join(project, "lib", "words.ts");
      const mapped = join(project, "config", "index.ts");
      await writeIn(aliased, 'export const value = "alias-1";\n');
      await writeIn(mapped, 'export const value = "imports-1";\n');
      await importer("aliased", ["@lib/words"]);
      await importer("mapped", ["#config"]);
      const cli = await dev(flags);
      await cli.waitForStderr("MARK aliased alias-1");
      await cli.waitForStderr("MARK mapped imports-1");
      const mark = cli.mark;
      await writeFile(aliased, 'export const value = "alias-2";\n');
      await reloaded(cli, "aliased", mark, "alias-2");
      const between = cli.mark;
      await writeFile(mapped, 'export const value = "imports-2";\n');
      await reloaded(cli, "mapped", between, "imports-2");
      expect(reloadsOf(cli, "aliased", mark)).toMatchObject([{ files: ["../lib/words.ts"] }]);
      expect(reloadsOf(cli, "mapped", mark)).toMatchObject([{ files: ["../config/index.ts"] }]);
      // Each reload came after its own edit: the other edit reloaded nothing else.
      expect(reloadsOf(cli, "mapped", between)).toHaveLength(1);
      expect(reloadsOf(cli, "aliased", between)).toEqual([]);
      expect(await cli.stop("SIGINT")).toBe(0);
    }, 60_000);
  });
}

/** A tarball of a one-file package whose `value` says its name and version (`bun pm pack`). */
async function tarball(name: string, version: string): Promise<string> {
  const source = join(project, "sources", `${name}-${version}`);
  await writeIn(join(source, "package.json"), json({ name, version, main: "index.js" }));
  await writeIn(join(source, "index.js"), `export const value = "${name}@${version}";\n`);
  await bun(["pm", "pack", "--destination", join(project, "tarballs"), "--quiet"], source);
  return join(project, "tarballs", `${name}-${version}.tgz`);
}

describe("installs", () => {
  test("bun add of a newer version: its importers reload once and run it; others do not", async () => {
    await writeIn(join(project, "package.json"), json({ name: "app", private: true }));
    const tiny = [await tarball("tiny", "1.0.0"), await tarball("tiny", "1.0.1")];
    const other = [await tarball("other", "1.0.0"), await tarball("other", "1.0.1")];
    await bun(["add", tiny[0] as string, other[0] as string]);
    await importer("alpha", ["tiny"]);
    await importer("beta", ["other"]);
    await importer("gamma", []);
    const cli = await dev();
    await cli.waitForStderr("MARK alpha tiny@1.0.0");
    const mark = cli.mark;
    await bun(["add", tiny[1] as string]);
    await reloaded(cli, "alpha", mark, "tiny@1.0.1");
    // The next install, of beta's package, waits for its own quiet time: alpha's is over then.
    await bun(["add", other[1] as string]);
    await reloaded(cli, "beta", mark, "other@1.0.1");
    expect(reloadsOf(cli, "alpha", mark)).toMatchObject([
      { cause: "change", files: ["../node_modules/tiny"] },
    ]);
    expect(reloadsOf(cli, "beta", mark)).toMatchObject([{ files: ["../node_modules/other"] }]);
    expect(reloadsOf(cli, "gamma", mark)).toEqual([]);
    expect(cli.events.filter((e) => e.type === "plugin:failed")).toEqual([]);
    expect(await cli.stop("SIGINT")).toBe(0);
  }, 60_000);
});
