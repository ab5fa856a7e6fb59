import { afterEach, beforeEach, expect, spyOn, test } from "bun:test";
import { Buffer } from "node:buffer";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { checkPlugins } from "../../src/cli/check-plugins.ts";
import { checkTypes } from "../../src/cli/check-types.ts";
import * as reloadError from "../../src/errors/reload-error.ts";
import { createBunRuntime } from "../../src/runtime/bun-runtime.ts";
import type { Runtime } from "../../src/runtime/runtime.ts";
import { helloPlugin, PluginsDir } from "../support/plugin-fixture.ts";

let dir: PluginsDir;
beforeEach(async () => {
  dir = await PluginsDir.create();
});
afterEach(() => dir.dispose());

/** The Bun runtime, counting the workers it spawns and the ones terminated. */
function countingRuntime() {
  const real = createBunRuntime();
  const workers = { spawned: 0, terminated: 0 };
  const runtime: Runtime = {
    ...real,
    spawnWorker(url, name) {
      const endpoint = real.spawnWorker(url, name);
      workers.spawned++;
      return {
        post: (message) => endpoint.post(message),
        onMessage: (listener) => endpoint.onMessage(listener),
        onExit: (listener) => endpoint.onExit(listener),
        terminate: () => {
          workers.terminated++;
          return endpoint.terminate();
        },
      };
    },
  };
  return { runtime, workers };
}

test("a check that throws midway still ends every worker it booted", async () => {
  await dir.plugin({
    name: "a-worker",
    manifest: { isolation: "worker" },
    files: { "index.ts": "export default { setup: () => ({}) };" },
  });
  await dir.plugin({ name: "b-broken", files: { "index.ts": "export default 1;" } });
  const { runtime, workers } = countingRuntime();
  // Reporting b-broken's problem fails: an unexpected throw after a worker was booted.
  const reporting = spyOn(reloadError, "asReloadError").mockImplementation(() => {
    throw new Error("reporter broke");
  });
  try {
    const outcome = checkPlugins(dir.root, {
      runtime,
      timeoutMs: 5000,
      isolation: "none",
      cwd: dirname(dir.root),
    });
    await expect(outcome).rejects.toThrow("reporter broke");
  } finally {
    reporting.mockRestore();
  }
  expect(workers.spawned).toBeGreaterThan(0);
  expect(workers.terminated).toBe(workers.spawned);
});

test("every problem in one report, each naming its plugin, phase and file; the loadable ones listed", async () => {
  await dir.plugin({ name: "ok", files: { "index.ts": helloPlugin("ok") } });
  await dir.plugin({
    name: "needs-ghost",
    dependsOn: ["ghost"],
    files: { "index.ts": helloPlugin("n") },
  });
  await dir.write("bad-json/plugin.json", "{ nope");
  await dir.write("bad-json/index.ts", helloPlugin("b"));
  mkdirSync(Buffer.concat([Buffer.from(`${dir.root}/caf`), Buffer.from([0xe9])]));
  const report = await checkPlugins(dir.root, {
    runtime: createBunRuntime(),
    timeoutMs: 5000,
    isolation: "none",
    cwd: dirname(dir.root),
  });
  expect(report.ok).toBe(false);
  expect(report.plugins.map((p) => p.name).sort()).toEqual(["needs-ghost", "ok"]);
  expect(report.problems.map(({ plugin, phase, file }) => ({ plugin, phase, file }))).toEqual([
    { plugin: "", phase: "manifest", file: "plugins/caf\\xe9" },
    { plugin: "bad-json", phase: "manifest", file: "plugins/bad-json/plugin.json" },
    { plugin: "needs-ghost", phase: "dependency", file: "plugins/needs-ghost/plugin.json" },
  ]);
  expect(report.problems[1]?.message).toContain("plugin.json:1:3:");
  expect(report.problems[2]?.message).toContain('no plugin named "ghost" exists');
});

test("typecheck: a plugin with type errors is a problem with each error framed; the others stay ok", async () => {
  await dir.plugin({
    name: "typed",
    files: {
      "index.ts": "export const n: number = 1;\nexport default { setup: () => ({ n }) };\n",
    },
  });
  await dir.plugin({
    name: "mistyped",
    files: {
      "index.ts": 'export const n: number = "1";\nexport default { setup: () => ({ n }) };\n',
    },
  });
  const report = await checkPlugins(dir.root, {
    runtime: createBunRuntime(),
    timeoutMs: 20_000,
    isolation: "none",
    cwd: dirname(dir.root),
    typecheck: true,
  });
  expect(report.ok).toBe(false);
  expect(report.plugins.map((p) => p.name)).toEqual(["typed"]);
  expect(report.problems).toEqual([
    {
      plugin: "mistyped",
      phase: "typecheck",
      message:
        "mistyped: plugins/mistyped/index.ts:1:14: TS2322: Type 'string' is not assignable to type 'number'.",
      details: [
        "plugins/mistyped/index.ts:1:14: TS2322: Type 'string' is not assignable to type 'number'.",
        expect.stringContaining('export const n: number = "1";'),
      ],
    },
  ]);
}, 30_000);

test("typecheck: a checker that does not answer in time is one problem saying why", async () => {
  const entry = await dir.write("p/index.ts", "export default { setup: () => ({}) };\n");
  // checkTypes itself: a 1 ms limit on the whole check would time the import out first.
  const problems = await checkTypes(dir.root, [{ name: "p", files: [entry] }], {
    runtime: createBunRuntime(),
    timeoutMs: 1,
    cwd: dirname(dir.root),
  });
  expect(problems).toEqual([
    {
      plugin: "",
      phase: "typecheck",
      message: expect.stringContaining("did not finish within 1 ms"),
    },
  ]);
}, 30_000);
