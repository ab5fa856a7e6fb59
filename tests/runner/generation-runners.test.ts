import { afterAll, afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createLogger } from "../../src/logger.ts";
import type { Candidate, Generation, StartOptions } from "../../src/plugin/generation-runner.ts";
import { readManifest } from "../../src/plugin/manifest/read-manifest.ts";
import { createRunners } from "../../src/runner/create-runners.ts";
import { createBunRuntime } from "../../src/runtime/bun-runtime.ts";
import { ISOLATIONS } from "../support/host-fixture.ts";
import { PluginsDir } from "../support/plugin-fixture.ts";

/**
 * One suite for both runners, as chokidar runs its suite once per backend: whatever runs a
 * generation, in the host's process or in a worker, a plugin sees the same lifecycle. The
 * plugins write what happened to them into marker files, which both sides can read.
 */
const runners = createRunners(createBunRuntime());
afterAll(() => runners.close());

let dir: PluginsDir;
const started: Candidate[] = [];
beforeEach(async () => {
  dir = await PluginsDir.create();
});
afterEach(async () => {
  for (const candidate of started.splice(0)) await candidate.dispose();
  await dir.dispose();
});

const options = (overrides: Partial<StartOptions> = {}): StartOptions => ({
  number: 1,
  state: undefined,
  deps: {},
  whenRunning: () => Promise.resolve(undefined),
  log: createLogger("silent"),
  timeoutMs: 2000,
  onCrash: () => {},
  onLeftovers: () => {},
  ...overrides,
});

/** A plugin whose hooks note in `<folder>/<name>.mark` what they saw. */
const noting = (hooks: string) => `import { appendFileSync } from "node:fs";
const note = (what) => appendFileSync(new URL("./events.mark", import.meta.url), what + "\\n");
export default {
  ${hooks}
};`;

for (const isolation of ISOLATIONS) {
  describe(`the ${isolation === "none" ? "in-process" : "worker"} runner`, () => {
    async function load(source: string): Promise<Candidate> {
      const folder = await dir.plugin({ name: "p", files: { "index.ts": source } });
      const loaded = await readManifest(folder);
      const candidate = await runners.load(loaded, isolation, {
        graph: runners.scan(loaded.entryPath),
        previousFiles: [],
        timeoutMs: 2000,
        root: dir.root,
        cwd: dirname(dir.root),
      });
      started.push(candidate);
      return candidate;
    }
    const marks = () => {
      const file = join(dir.root, "p", "events.mark");
      return existsSync(file) ? readFileSync(file, "utf8").trim().split("\n") : [];
    };
    const call = async (generation: Generation, method: string) =>
      await (generation.api as Record<string, () => unknown>)[method]?.();

    test("runs setup, start, stop and health against one ctx, and hands the state on", async () => {
      const candidate = await load(
        noting(`setup(ctx) {
    note("setup " + ctx.generation + " " + JSON.stringify(ctx.state));
    return { hello: () => "hi " + ctx.generation };
  },
  start(ctx) { note("start " + ctx.generation); },
  stop(ctx) { note("stop"); return { was: ctx.generation }; },`),
      );
      const generation = await candidate.start(options({ number: 3, state: { was: 2 } }));
      expect(await call(generation, "hello")).toBe("hi 3");
      expect(await generation.health(1000)).toEqual({ ok: true });
      expect(await generation.stop(1000)).toEqual({ was: 3 });
      expect(marks()).toEqual(['setup 3 {"was":2}', "start 3", "stop"]);
    });

    test("a failed setup() aborts ctx.signal and fails the setup phase", async () => {
      const candidate = await load(
        noting(`setup(ctx) {
    ctx.signal.addEventListener("abort", () => note("aborted"));
    throw new Error("no setup today");
  },`),
      );
      const error = await candidate.start(options()).catch((e: unknown) => e);
      expect(error).toMatchObject({ phase: "setup", message: "p: setup() failed: no setup today" });
      expect(marks()).toEqual(["aborted"]);
    });

    test("a failed start() stops what setup() made, then aborts ctx.signal", async () => {
      const candidate = await load(
        noting(`setup(ctx) { ctx.signal.addEventListener("abort", () => note("aborted")); return {}; },
  start() { throw new Error("no start today"); },
  stop() { note("stop"); },`),
      );
      const error = await candidate.start(options()).catch((e: unknown) => e);
      expect(error).toMatchObject({ phase: "start", message: "p: start() failed: no start today" });
      expect(marks()).toEqual(["stop", "aborted"]);
    });

    test("stop() aborts ctx.signal once it has returned; a throwing stop() fails the stop phase", async () => {
      const candidate = await load(
        noting(`setup(ctx) { ctx.signal.addEventListener("abort", () => note("aborted")); return {}; },
  stop(ctx) { note("stop, aborted: " + ctx.signal.aborted); throw new Error("stuck"); },`),
      );
      const generation = await candidate.start(options());
      const error = await generation.stop(1000).catch((e: unknown) => e);
      expect(error).toMatchObject({ phase: "stop", message: "p: stop() failed: stuck" });
      expect(marks()).toEqual(["stop, aborted: false", "aborted"]);
    });

    test("ctx.whenRunning waits only for a dependency it lists", async () => {
      const candidate = await load(
        noting(`setup(ctx) {
    return { wait: () => ctx.whenRunning("ghost").then(() => "ok", (e) => e.message) };
  },`),
      );
      const generation = await candidate.start(options());
      expect(await call(generation, "wait")).toBe(
        "Cannot wait for ghost: it is not in p's dependsOn (none)",
      );
    });

    test("a hook past its time-out fails its phase, timed out", async () => {
      const candidate = await load(noting("setup() { return new Promise(() => {}); },"));
      const error = await candidate.start(options({ timeoutMs: 100 })).catch((e: unknown) => e);
      expect(error).toMatchObject({ phase: "setup", timedOut: true });
    });

    test("a candidate started again after its generation stopped (a rollback) gets a fresh ctx", async () => {
      const candidate = await load(
        noting(
          `setup(ctx) { note("setup " + ctx.generation + " " + ctx.signal.aborted); return {}; },`,
        ),
      );
      const first = await candidate.start(options({ number: 1 }));
      await first.stop(1000);
      await candidate.start(options({ number: 1 }));
      expect(marks()).toEqual(["setup 1 false", "setup 1 false"]);
    });
  });
}

test("across a worker boundary, a value that cannot be cloned names the plugin, the method and the part", async () => {
  const folder = await dir.plugin({
    name: "maker",
    files: {
      "index.ts": `export default { setup: () => ({
  make: () => () => 1,
  wrap: () => ({ rows: [1], handler: () => {} }),
}) };`,
    },
  });
  const loaded = await readManifest(folder);
  const candidate = await runners.load(loaded, "worker", {
    graph: runners.scan(loaded.entryPath),
    previousFiles: [],
    timeoutMs: 2000,
    root: dir.root,
    cwd: dirname(dir.root),
  });
  started.push(candidate);
  const api = (await candidate.start(options())).api as Record<
    "make" | "wrap",
    () => Promise<unknown>
  >;
  // Awaited with catch: bun's expect().rejects does not let the worker's messages in.
  const failure = async (call: () => Promise<unknown>) =>
    ((await call().catch((e: unknown) => e)) as Error).message;
  expect(await failure(() => api.make())).toBe(
    "maker: Cannot send the result of maker.make() across the worker boundary: a function cannot be structured-cloned",
  );
  expect(await failure(() => api.wrap())).toBe(
    "maker: Cannot send the result of maker.wrap() across the worker boundary: a function (at .handler) cannot be structured-cloned",
  );
});
