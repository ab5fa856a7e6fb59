// What a plugin's graph holds: every module the runtime resolves its imports to outside
// node_modules, and the installed packages it imports, at the path the importer reaches them by.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { execFileSync } from "node:child_process";
import { mkdir, rename, symlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import { installedPackageOf } from "../../../src/plugin/loader/installed-package.ts";
import { GraphScanner } from "../../../src/plugin/loader/module-graph.ts";
import { PluginLoader } from "../../../src/plugin/loader/plugin-loader.ts";
import { createBunRuntime } from "../../../src/runtime/bun-runtime.ts";
import { createNodeRuntime } from "../../../src/runtime/node-runtime.ts";
import { PluginsDir } from "../../support/plugin-fixture.ts";

const runtime = createBunRuntime();
let dir: PluginsDir;
/** The project around plugins/. */
let project: string;
beforeEach(async () => {
  dir = await PluginsDir.create();
  project = dirname(dir.root);
});
afterEach(() => dir.dispose());

const inProject = (relative: string, content: string) =>
  dir.write(join("..", relative), content).then(() => join(project, relative));

/** A package installed as bun's isolated linker does: a link into its store folder. */
async function isolatedPackage(name: string, version: string): Promise<string> {
  const store = `node_modules/.bun/${name.replace("/", "+")}@${version}/node_modules/${name}`;
  await inProject(`${store}/package.json`, JSON.stringify({ name, version, main: "index.js" }));
  await inProject(`${store}/index.js`, `export const version = "${version}";`);
  return join(project, store);
}

async function link(target: string, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await symlink(target, `${path}.tmp`);
  await rename(`${path}.tmp`, path);
}

describe("the graph", () => {
  test("follows tsconfig paths, baseUrl, package.json imports and workspace links, by their real paths", async () => {
    await inProject(
      "tsconfig.json",
      JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@lib/*": ["lib/*"] } } }),
    );
    await inProject("package.json", JSON.stringify({ imports: { "#config": "./config.ts" } }));
    const aliased = await inProject("lib/alias.ts", "export const a = 1;");
    const based = await inProject("src/based.ts", "export const b = 1;");
    const mapped = await inProject("config.ts", "export const c = 1;");
    const shared = await inProject("libs/shared/index.ts", "import '../../lib/alias.ts';");
    await inProject(
      "libs/shared/package.json",
      JSON.stringify({ name: "@acme/shared", main: "index.ts" }),
    );
    // What `bun install` links for a `workspace:*` dependency.
    await link("../../libs/shared", join(project, "node_modules", "@acme", "shared"));
    const entry = await dir.write(
      "a/index.ts",
      [
        'import { a } from "@lib/alias";',
        'import { b } from "src/based";',
        'import { c } from "#config";',
        'import "@acme/shared";',
        'import { join } from "node:path";',
        'const later = () => import("./data.json");',
        "export default { a, b, c, join, later };",
      ].join("\n"),
    );
    const data = await dir.write("a/data.json", "{}");
    const graph = new GraphScanner(runtime).scan(entry);
    expect(graph.files).toEqual([entry, aliased, based, mapped, shared, data]);
    expect(graph.packages).toEqual([]);
  });

  test("an installed package is noted at the link the importer reaches, not followed", async () => {
    const real = await isolatedPackage("@scope/tiny", "1.0.0");
    const path = join(project, "node_modules", "@scope", "tiny");
    await link(`../.bun/@scope+tiny@1.0.0/node_modules/@scope/tiny`, path);
    const helper = await inProject("lib/helper.ts", 'export * from "@scope/tiny";');
    const entry = await dir.write(
      "a/index.ts",
      'import "@scope/tiny"; export * from "../../lib/helper.ts";',
    );
    const graph = new GraphScanner(runtime).scan(entry);
    expect(graph.files).toEqual([entry, helper]);
    expect(graph.packages).toEqual([{ path, real }]);
  });

  test("the same on Node's resolver", async () => {
    const real = await isolatedPackage("tiny", "1.0.0");
    await link(
      "../node_modules/.bun/tiny@1.0.0/node_modules/tiny",
      join(project, "node_modules", "tiny"),
    );
    const entry = await dir.write("a/index.js", 'import "tiny";');
    const graph = new GraphScanner(createNodeRuntime()).scan(entry);
    expect(graph.packages).toEqual([{ path: join(project, "node_modules", "tiny"), real }]);
  });

  test("an import of a FIFO or a device is noted with what it is, never read", async () => {
    const entry = await dir.write("a/index.js", 'import "./pipe.js";\nimport "./zero.js";');
    execFileSync("mkfifo", [dir.path("a", "pipe.js")]);
    await symlink("/dev/zero", dir.path("a", "zero.js"));
    const graph = new GraphScanner(createNodeRuntime()).scan(entry);
    expect(graph.special).toEqual(
      new Map([
        [dir.path("a", "pipe.js"), "a FIFO"],
        [dir.path("a", "zero.js"), "a character device"],
      ]),
    );
    expect(graph.digests.get(dir.path("a", "pipe.js"))).toBeUndefined();
  });
});

describe("installedPackageOf", () => {
  test("a link re-pointed since the runtime resolved it is still the package's path", async () => {
    const old = await isolatedPackage("tiny", "1.0.0");
    await isolatedPackage("tiny", "1.0.1");
    const path = join(project, "node_modules", "tiny");
    await link(".bun/tiny@1.0.1/node_modules/tiny", path);
    expect(installedPackageOf(join(old, "index.js"), dir.path("a"))).toEqual({ path, real: old });
  });

  test("a package no node_modules path leads to is watched at its real root", async () => {
    const real = await isolatedPackage("tiny", "1.0.0");
    expect(installedPackageOf(join(real, "lib", "x.js"), dir.path("a"))).toEqual({
      path: real,
      real,
    });
  });
});

test("the loader evicts a graph file outside the plugins folder: its edit runs", async () => {
  await inProject(
    "tsconfig.json",
    JSON.stringify({ compilerOptions: { paths: { "@lib/*": ["./lib/*"] } } }),
  );
  const helper = await inProject("lib/word.ts", 'export const word = "one";');
  const entry = await dir.write("a/index.ts", 'export { word } from "@lib/word";');
  const loader = new PluginLoader(runtime);
  const first = loader.scan(entry);
  expect(first.files).toEqual([entry, helper]);
  expect((await loader.import(first)).word).toBe("one");
  await inProject("lib/word.ts", 'export const word = "two";');
  expect((await loader.import(loader.scan(entry), first.files)).word).toBe("two");
});
