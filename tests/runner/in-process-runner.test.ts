import { afterEach, beforeEach, expect, spyOn, test } from "bun:test";
import { LeftoversRecorder } from "../../src/leftovers/leftovers-recorder.ts";
import { GraphScanner } from "../../src/plugin/loader/module-graph.ts";
import { PluginLoader } from "../../src/plugin/loader/plugin-loader.ts";
import { readManifest } from "../../src/plugin/manifest/read-manifest.ts";
import { inProcessRunner } from "../../src/runner/in-process-runner.ts";
import { createBunRuntime } from "../../src/runtime/bun-runtime.ts";
import { PluginsDir } from "../support/plugin-fixture.ts";

let dir: PluginsDir;
beforeEach(async () => {
  dir = await PluginsDir.create();
});
afterEach(() => dir.dispose());

test("a failed import is located in the graph scanned before it, not in a second scan", async () => {
  // A thrown string carries no position, so the runtime is asked where in the graph it is.
  const folder = await dir.plugin({
    name: "broken",
    files: { "index.ts": 'import "./lib/helper.ts";\nthrow "no";', "lib/helper.ts": "" },
  });
  const searched: (readonly string[])[] = [];
  const runtime = {
    ...createBunRuntime(),
    locateSyntaxError: async (_error: unknown, files: readonly string[]) => {
      searched.push(files);
      return undefined;
    },
  };
  const loader = new PluginLoader(runtime);
  const loaded = await readManifest(folder);
  const graph = loader.scan(loaded.entryPath);
  const scans = spyOn(GraphScanner.prototype, "scan");
  try {
    const request = {
      loaded,
      graph,
      previousFiles: [],
      timeoutMs: 2000,
      root: dir.root,
      cwd: dir.root,
    };
    const recorder = new LeftoversRecorder({ mode: "off", runtime });
    const failed = await inProcessRunner(loader, recorder)
      .load(request)
      .catch((error: unknown) => error);
    expect(failed).toMatchObject({ phase: "import" });
    expect(searched).toEqual([graph.files]);
    expect(scans).not.toHaveBeenCalled();
  } finally {
    scans.mockRestore();
  }
});
