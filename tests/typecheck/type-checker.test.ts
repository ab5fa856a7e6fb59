import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { utimesSync } from "node:fs";
import { mkdir, rm, symlink } from "node:fs/promises";
import { join, sep } from "node:path";
import { detectRuntime } from "../../src/runtime/detect-runtime.ts";
import { systemClock } from "../../src/schedule/clock.ts";
import { TypeChecker } from "../../src/typecheck/type-checker.ts";
import { TypecheckError } from "../../src/typecheck/typecheck-error.ts";
import { loadTypescript } from "../../src/typecheck/typescript-api.ts";
import { FakeClock } from "../schedule/fake-clock.ts";
import { REPO } from "../support/cli-process.ts";
import { PluginsDir } from "../support/plugin-fixture.ts";

const runtime = detectRuntime();
let dir: PluginsDir;
const open: TypeChecker[] = [];
beforeEach(async () => {
  dir = await PluginsDir.create();
});
afterEach(async () => {
  for (const checker of open.splice(0)) await checker.close();
  await dir.dispose();
});

async function start(root = dir.root): Promise<TypeChecker> {
  const checker = await TypeChecker.start({ root, runtime, timeoutMs: 20_000, clock: systemClock });
  open.push(checker);
  return checker;
}

const GREETER = (method: string) => `import type { Plugin } from "hotplug";
export interface GreeterApi { ${method}(who: string): string }
export default {
  setup(): GreeterApi {
    return { ${method}: (who) => "hello, " + who };
  },
} satisfies Plugin<undefined, GreeterApi>;
`;
const CALLER = `import type { GreeterApi } from "../greeter/index.ts";
export const call = (greeter: GreeterApi): string => greeter.greet("caller");
`;
const only = (name: string, ...files: string[]) => ({ name, files: files.map((f) => dir.path(f)) });

describe("TypeChecker", () => {
  test("without a tsconfig.json, hotplug's defaults check strictly, with hotplug's types and the web platform's", async () => {
    await dir.write(
      "p/index.ts",
      `import type { Plugin } from "hotplug";
const timer: ReturnType<typeof setInterval> = setInterval(() => {}, 1000);
clearInterval(timer);
export default { setup: () => new Response("ok") } satisfies Plugin<undefined, Response>;
`,
    );
    const checker = await start();
    expect(checker.typescript).toBe("hotplug's own");
    expect(checker.config.defaults).toBeDefined();
    const result = await checker.check({ plugin: only("p", "p/index.ts"), dependents: [] });
    expect(result.plugin).toEqual([]);
    expect(result.ok).toBe(true);
  }, 30_000);

  test("a type error is named with its file, line, column, code and source line", async () => {
    await dir.write("p/index.ts", `export const n: number = 1;\nexport const s: string = n;\n`);
    const checker = await start();
    const result = await checker.check({ plugin: only("p", "p/index.ts"), dependents: [] });
    expect(result.ok).toBe(false);
    expect(result.plugin).toEqual([
      {
        location: {
          file: dir.path("p/index.ts"),
          line: 2,
          column: 14,
          lineText: "export const s: string = n;",
        },
        code: 2322,
        message: "Type 'number' is not assignable to type 'string'.",
      },
    ]);
  }, 30_000);

  test("the warm checker sees each save, even one of the same length within the same timestamp", async () => {
    const file = await dir.write("p/index.ts", `export const v: number = 1;\n`);
    const checker = await start();
    const check = () => checker.check({ plugin: only("p", "p/index.ts"), dependents: [] });
    expect((await check()).ok).toBe(true);
    // Both saves stamped with the same time, as two saves within one timestamp tick are.
    const tick = new Date(Math.floor(Date.now() / 1000) * 1000);
    await dir.write("p/index.ts", `export const v: number = "";\n`);
    utimesSync(file, tick, tick);
    expect((await check()).plugin.map((p) => p.code)).toEqual([2322]);
    await dir.write("p/index.ts", `export const v: number = 22;\n`);
    utimesSync(file, tick, tick);
    expect((await check()).ok).toBe(true);
  }, 30_000);

  test("a dependency's renamed method is reported against the dependent that calls it", async () => {
    await dir.write("greeter/index.ts", GREETER("greet"));
    await dir.write("caller/index.ts", CALLER);
    const checker = await start();
    const request = () => ({
      plugin: only("greeter", "greeter/index.ts"),
      dependents: [only("caller", "caller/index.ts", "greeter/index.ts")],
    });
    expect((await checker.check(request())).ok).toBe(true);
    await dir.write("greeter/index.ts", GREETER("salute"));
    const result = await checker.check(request());
    expect(result.ok).toBe(false);
    expect(result.plugin).toEqual([]);
    expect(result.dependents).toEqual([
      {
        name: "caller",
        problems: [
          expect.objectContaining({
            code: 2339,
            location: expect.objectContaining({ file: dir.path("caller/index.ts"), line: 2 }),
          }),
        ],
      },
    ]);
  }, 30_000);

  test("a new file imported after the first check joins the program", async () => {
    await dir.write("p/index.ts", `export const v = 1;\n`);
    const checker = await start();
    expect((await checker.check({ plugin: only("p", "p/index.ts"), dependents: [] })).ok).toBe(
      true,
    );
    await dir.write("p/helper.ts", `export const h: string = 1;\n`);
    await dir.write("p/index.ts", `import { h } from "./helper.ts";\nexport const v = h;\n`);
    const result = await checker.check({
      plugin: only("p", "p/index.ts", "p/helper.ts"),
      dependents: [],
    });
    expect(result.plugin.map((p) => [p.location.file, p.code])).toEqual([
      [dir.path("p/helper.ts"), 2322],
    ]);
  }, 30_000);

  test("a deleted helper is an error where it was imported", async () => {
    await dir.write("p/helper.ts", `export const h = 1;\n`);
    await dir.write(
      "p/index.ts",
      `import { h } from "./helper.ts";\nexport const v: number = h;\n`,
    );
    const checker = await start();
    const check = () => checker.check({ plugin: only("p", "p/index.ts"), dependents: [] });
    expect((await check()).ok).toBe(true);
    await rm(dir.path("p/helper.ts"));
    expect((await check()).plugin).toEqual([
      expect.objectContaining({ code: 2307, location: expect.objectContaining({ line: 1 }) }),
    ]);
  }, 30_000);

  test("the project's tsconfig.json above the plugins folder is the one checked against; a file it leaves out is named", async () => {
    const project = dir.path("..");
    await Bun.write(
      `${project}/tsconfig.json`,
      JSON.stringify({ compilerOptions: { strict: true, noEmit: true }, include: ["src/**/*"] }),
    );
    await dir.write("p/index.ts", `export const v = 1;\n`);
    await Bun.write(`${project}/src/app.ts`, `export const app = 1;\n`);
    const checker = await start();
    expect(checker.config.file).toBe(`${project}/tsconfig.json`);
    expect(checker.config.defaults).toBeUndefined();
    const result = await checker.check({ plugin: only("p", "p/index.ts"), dependents: [] });
    expect(result.plugin).toEqual([
      expect.objectContaining({
        code: 6307,
        message: expect.stringContaining(`add the plugins folder to its "include"`),
      }),
    ]);
  }, 30_000);

  test("JSON, CSS and node_modules are not TypeScript's to check", async () => {
    await dir.write("p/index.ts", `export const v = 1;\n`);
    await dir.write("p/data.json", `{ "broken": `);
    const checker = await start();
    const result = await checker.check({
      plugin: only("p", "p/index.ts", "p/data.json", "p/node_modules/x/index.ts"),
      dependents: [],
    });
    expect(result.ok).toBe(true);
  }, 30_000);

  test("a problem of a whole file is placed at its start", async () => {
    const project = dir.path("..");
    await Bun.write(`${project}/tsconfig.json`, JSON.stringify({ include: ["nothing/**/*"] }));
    const checker = await start();
    const result = await checker.check({ plugin: only("p"), dependents: [] });
    expect(result.plugin).toEqual([
      expect.objectContaining({
        code: 18003,
        location: { file: `${project}/tsconfig.json`, line: 1, column: 1 },
      }),
    ]);
  }, 30_000);

  test("the project's own typescript checks when it has one with the native API", async () => {
    await dir.write("p/index.ts", `export const v = 1;\n`);
    await mkdir(dir.path("../node_modules"));
    await symlink(join(REPO, "node_modules", "typescript"), dir.path("../node_modules/typescript"));
    const checker = await start();
    expect(checker.typescript).toContain(`${sep}node_modules${sep}typescript${sep}`);
    expect((await checker.check({ plugin: only("p", "p/index.ts"), dependents: [] })).ok).toBe(
      true,
    );
  }, 30_000);

  test("a project's typescript without the native API (TypeScript 5) is passed over for hotplug's own", async () => {
    await dir.write("p/index.ts", `export const v = 1;\n`);
    const own = dir.path("../node_modules/typescript");
    const exports = { "./unstable/async": "./api.js" };
    await Bun.write(
      `${own}/package.json`,
      JSON.stringify({ name: "typescript", type: "module", exports }),
    );
    await Bun.write(`${own}/api.js`, `throw new Error("no native API here");\n`);
    const checker = await start();
    expect(checker.typescript).toBe("hotplug's own");
    expect((await checker.check({ plugin: only("p", "p/index.ts"), dependents: [] })).ok).toBe(
      true,
    );
  }, 30_000);

  test("no TypeScript at all (the compiled binary, in a project without one) says what to install", async () => {
    const error = await loadTypescript(dir.root, runtime, "typescript/unstable/none").catch(
      (e: unknown) => e,
    );
    expect(String(error)).toContain("no TypeScript 7 to check with");
    expect(String(error)).toContain("bun add -d typescript@7");
  });

  test("a check that outlasts --timeout fails with TYPECHECK_TIMEOUT, naming the tsconfig", async () => {
    await dir.write("p/index.ts", `export const v = 1;\n`);
    const clock = new FakeClock();
    const checker = await TypeChecker.start({
      root: dir.root,
      runtime,
      timeoutMs: 5,
      clock: {
        ...systemClock,
        setTimeout: (fn, ms) => clock.setTimeout(fn, ms),
        clearTimeout: (handle) => clock.clearTimeout(handle),
      },
    });
    open.push(checker);
    const pending = checker.check({ plugin: only("p", "p/index.ts"), dependents: [] });
    clock.tick(5);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypecheckError);
    expect(error).toMatchObject({ code: "TYPECHECK_TIMEOUT", tsconfig: dir.path("tsconfig.json") });
  }, 30_000);

  test("an edit of tsconfig.json is checked against; one that does not parse is the error named", async () => {
    const config = `${dir.path("..")}/tsconfig.json`;
    const options = (strict: boolean) =>
      `{ "compilerOptions": { "strict": ${strict}, "noEmit": true }, "include": ["plugins/**/*"] }`;
    await Bun.write(config, options(false));
    await dir.write("p/index.ts", `export function f(a) { return a; }\n`);
    const checker = await start();
    const check = () => checker.check({ plugin: only("p", "p/index.ts"), dependents: [] });
    expect((await check()).ok).toBe(true);
    await Bun.write(config, options(true));
    expect((await check()).plugin.map((p) => p.code)).toEqual([7006]);
    await Bun.write(config, `${options(true).slice(0, -1)},`);
    const broken = await check();
    expect(broken.plugin[0]).toMatchObject({ code: 1005, location: { file: config, line: 1 } });
  }, 30_000);
});
