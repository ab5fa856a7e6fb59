import { pathToFileURL } from "node:url";
import { ReloadError } from "../errors/reload-error.ts";
import { shownPath } from "../errors/shown-path.ts";
import type { LeftoversMode } from "../leftovers/leftovers-recorder.ts";
import {
  type Candidate,
  candidateFacts,
  type Generation,
  type GenerationRunner,
  type StartOptions,
} from "../plugin/generation-runner.ts";
import { hookFailure } from "../plugin/local-generation.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { loadFailure, refuseSpecialFiles } from "./load-failure.ts";
import { PluginWorker } from "./worker/plugin-worker.ts";
import type { ApiShape } from "./worker/protocol.ts";
import { remoteApi, shapeOf } from "./worker/remote-api.ts";

/**
 * The bootstrap every worker starts from. From source it is worker/worker-bootstrap.ts; in the
 * Node bundle its .js beside the bundle; in a compiled binary Bun embeds it (it is given to
 * `bun build --compile` as a second entry point) and resolves this same URL to it.
 */
const BOOTSTRAP = new URL(
  import.meta.url.endsWith(".ts") ? "./worker/worker-bootstrap.ts" : "./worker-bootstrap.js",
  import.meta.url,
);

/**
 * Generations in a Worker each (`isolation: "worker"`): a candidate is one worker with the
 * plugin imported, so a fresh worker means a fresh module map on every runtime; a time-out is
 * enforced by terminating it; disposing of it frees all its memory.
 */
export function workerRunner(
  runtime: Runtime,
  leftovers: LeftoversMode = "off",
  bootstrap: URL = BOOTSTRAP,
): GenerationRunner {
  // One worker booted ahead: a reload then pays for importing the plugin, not for starting a
  // runtime. It is booted after a load, never during one, so the two do not compete.
  let spare: PluginWorker | undefined;
  let closed = false;
  const take = (name: string) => {
    const worker = spare && !spare.ended ? spare : new PluginWorker(runtime, bootstrap);
    spare = undefined;
    return worker.assign(name);
  };
  const refill = () => {
    if (!closed && !spare) spare = new PluginWorker(runtime, bootstrap);
  };
  return {
    isolation: "worker",
    async load(request): Promise<Candidate> {
      const { loaded, timeoutMs, cwd, graph } = request;
      const { manifest, entryPath } = loaded;
      refuseSpecialFiles(request);
      const worker = take(manifest.name);
      try {
        await worker.request({ hook: "import", timeoutMs }, "load", {
          name: manifest.name,
          entry: pathToFileURL(entryPath).href,
          shownEntry: shownPath(entryPath, cwd),
          manifestFile: loaded.file,
          config: manifest.config ?? {},
          listen: manifest.listen,
          leftovers,
          files: graph.files,
        });
      } catch (cause) {
        await worker.terminate();
        refill();
        if (cause instanceof ReloadError) throw cause; // the module's shape or its config
        throw await loadFailure(cause, request, runtime);
      }
      refill();
      const candidate: Candidate = {
        ...candidateFacts(loaded, "worker"),
        start: (options) => startInWorker(worker, candidate, options),
        dispose: () => worker.terminate(),
      };
      return candidate;
    },
    // Nothing to forget: a worker's modules go with it.
    release: () => Promise.resolve(),
    async close() {
      closed = true;
      await spare?.terminate();
      spare = undefined;
    },
  };
}

/**
 * A generation in the candidate's worker: setup() and start() run there, by the same core as
 * in-process (its failures arrive as the ReloadErrors the core made); here each request has
 * its deadline, the API becomes an async proxy, and the worker's logs, crashes and calls into
 * dependencies reach this generation's host side.
 */
async function startInWorker(
  worker: PluginWorker,
  candidate: Candidate,
  options: StartOptions,
): Promise<Generation> {
  const phase = <T>(name: "setup" | "start" | "stop", hook: string, run: () => Promise<T>) =>
    run().catch((cause: unknown) => {
      throw cause instanceof ReloadError ? cause : hookFailure(candidate, name, cause, hook);
    });
  const deadline = (hook: string, timeoutMs: number, terminate = true) => ({
    hook,
    timeoutMs,
    terminate,
  });
  worker.tenant = {
    log: options.log,
    deps: options.deps,
    whenRunning: options.whenRunning,
    onCrash: options.onCrash,
    onLeftovers: options.onLeftovers,
  };
  const deps: Record<string, ApiShape> = {};
  for (const name of Object.keys(options.deps)) {
    // A dependency in its own stop-first window has no API to read: the next one's shape is
    // what this generation will call (waiting is bounded by setup's own time limit).
    const api = await options.whenRunning(name, { timeoutMs: options.timeoutMs });
    deps[name] = shapeOf(api);
  }
  const input = { version: candidate.version, number: options.number, state: options.state, deps };
  const shape = await phase("setup", "setup", () =>
    worker.request(deadline("setup", options.timeoutMs), "setup", input),
  );
  const api = remoteApi(shape, {
    call: (prop, args) => worker.call("call", { prop, args }),
    get: (prop) => worker.call("get", { prop }),
  });
  // The core stops what setup() made when start() fails, in the worker; a time-out here has
  // terminated the worker, which ends it all the same.
  await phase("start", "start", () =>
    worker.request(deadline("start", options.timeoutMs), "start"),
  );
  return {
    number: options.number,
    candidate,
    api,
    async stop(timeoutMs) {
      try {
        // A worker that ended by itself (an exit, a crash) took the generation with it: there
        // is no stop() to run and no state to hand on; the crash is reported as what it was.
        if (worker.ended) return undefined;
        return await phase("stop", "stop", () =>
          worker.request(deadline("stop", timeoutMs), "stop"),
        );
      } finally {
        worker.tenant = undefined;
      }
    },
    snapshot: (timeoutMs) =>
      phase("stop", "snapshot", () => worker.request(deadline("snapshot", timeoutMs), "snapshot")),
    health: (timeoutMs) => worker.request(deadline("health", timeoutMs, false), "health"),
    ...(candidate.serves ? { serving: worker.serving(options.number) } : {}),
  };
}
