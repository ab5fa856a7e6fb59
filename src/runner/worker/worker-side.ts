import { fileURLToPath } from "node:url";
import type { ConsolaInstance } from "consola";
import type { LeftoverReport } from "../../leftovers/leftover-report.ts";
import type { LeftoversRecorder } from "../../leftovers/leftovers-recorder.ts";
import { LocalGeneration } from "../../plugin/local-generation.ts";
import { type ValidatedPlugin, validatePlugin } from "../../plugin/validate-plugin.ts";
import { WorkerFetchServer } from "../../serve/worker-fetch-server.ts";
import { forwardingLog } from "./forwarding-log.ts";
import { Peer, type Port } from "./peer.ts";
import {
  describeCrossing,
  type Handlers,
  type HostMethods,
  type LoadInput,
  type SetupInput,
  type WorkerMethods,
} from "./protocol.ts";
import { remoteApi, shapeOf } from "./remote-api.ts";
import { fromWire, toWire } from "./wire-error.ts";
import { WorkerError } from "./worker-error.ts";

// In the worker, hooks have no deadline of their own: the host ends a runaway hook by
// terminating the worker, which a deadline here could not do.
const NO_DEADLINE = Number.POSITIVE_INFINITY;

/**
 * The worker's end of a plugin worker: it imports one plugin and answers the host's requests
 * by running that plugin's generations with the same core as the in-process runner
 * (LocalGeneration). What it adds is transport: the dependencies as async proxies, the log
 * forwarded to the host's logger, and crashes reported.
 */
export class WorkerSide {
  readonly log: ConsolaInstance;
  readonly #peer: Peer<WorkerMethods, HostMethods>;
  /** Answers the requests the host's listener sends, with the running generation's fetch. */
  readonly #server: WorkerFetchServer;
  #name = "plugin";
  #loaded: (ValidatedPlugin & { readonly input: LoadInput }) | undefined;
  #running: LocalGeneration | undefined;
  /** Records what each generation creates in this worker (--leftovers), from the load on. */
  #recorder: LeftoversRecorder | undefined;

  constructor(port: Port) {
    this.#server = new WorkerFetchServer(port);
    this.#peer = new Peer<WorkerMethods, HostMethods>({
      port,
      handlers: this.#handlers(),
      errorOf: (wire) => fromWire(wire, this.#name),
      owner: () => this.#name,
      describe: (method, input, part) => describeCrossing(this.#name, method, input, part),
    });
    this.log = forwardingLog((level, args) => {
      try {
        this.#peer.event({ kind: "log", level, args });
      } catch {
        // Something in it cannot be cloned: send it as text.
        this.#peer.event({ kind: "log", level, args: args.map((arg) => String(arg)) });
      }
    });
  }

  /** The plugin's code ended the worker's health: an uncaught error, a rejection, an exit. */
  crashed(error: Error): void {
    this.#peer.event({ kind: "crash", error: toWire(error) });
  }

  #handlers(): Handlers<WorkerMethods> {
    return {
      load: async (input) => {
        this.#name = input.name;
        if (input.leftovers !== "off") {
          // Before the import: a module's top-level timers are its first generation's too.
          // Loaded only then: the recorder and the runtimes cost a worker ~60 ms of start-up.
          const [{ LeftoversRecorder }, { detectRuntime }] = await Promise.all([
            import("../../leftovers/leftovers-recorder.ts"),
            import("../../runtime/detect-runtime.ts"),
          ]);
          this.#recorder = new LeftoversRecorder({
            mode: input.leftovers,
            runtime: detectRuntime(),
          });
          this.#recorder.install();
        }
        const namespace = (await import(input.entry)) as Record<string, unknown>;
        const shown = { entry: input.shownEntry, manifest: input.manifestFile };
        const valid = await validatePlugin(
          input.name,
          shown,
          namespace,
          input.config,
          input.listen,
        );
        this.#loaded = { ...valid, input };
      },
      setup: async (input) => {
        const generation = await LocalGeneration.setUp(this.#start(input), NO_DEADLINE);
        this.#running = generation;
        const { serving } = generation;
        if (serving) this.#server.answer(serving);
        return shapeOf(generation.api);
      },
      start: () => this.#current().start(NO_DEADLINE),
      stop: () => {
        const generation = this.#current();
        this.#running = undefined;
        return generation.stop(NO_DEADLINE);
      },
      snapshot: () => this.#current().snapshot(NO_DEADLINE),
      health: () => this.#current().health(NO_DEADLINE),
      call: ({ prop, args }) => {
        const api = this.#current().api as Record<string, unknown>;
        const fn = api[prop];
        if (typeof fn !== "function") {
          throw new TypeError(`Cannot call ${this.#name}.${prop}(): it is not a function now`);
        }
        return fn.apply(api, args);
      },
      get: ({ prop }) => (this.#current().api as Record<string, unknown>)[prop],
    };
  }

  #start(input: SetupInput) {
    const loaded = this.#loaded;
    if (!loaded) {
      throw new WorkerError("WORKER_NOT_RUNNING", this.#name, "setup before the module was loaded");
    }
    const deps: Record<string, unknown> = {};
    for (const [dep, shape] of Object.entries(input.deps)) {
      deps[dep] = remoteApi(shape, {
        call: (prop, args) => this.#peer.request("depCall", { dep, prop, args }),
        get: (prop) => this.#peer.request("depGet", { dep, prop }),
      });
    }
    return {
      name: this.#name,
      version: input.version,
      entry: fileURLToPath(loaded.input.entry),
      plugin: loaded.plugin,
      config: loaded.config,
      number: input.number,
      state: input.state,
      deps,
      whenRunning: async (dep: string, options?: { readonly timeoutMs?: number }) => {
        const timeoutMs = options?.timeoutMs;
        await this.#peer.request("depWait", timeoutMs === undefined ? { dep } : { dep, timeoutMs });
        return deps[dep];
      },
      log: this.log,
      ...(loaded.plugin.fetch ? { serve: this.#server.abilities } : {}),
      ...(this.#recorder
        ? {
            leftovers: {
              recorded: this.#recorder.begin(this.#name, input.number, loaded.input.files),
              report: (report: LeftoverReport) => this.#peer.event({ kind: "leftovers", report }),
            },
          }
        : {}),
    };
  }

  #current(): LocalGeneration {
    if (!this.#running) {
      throw new WorkerError(
        "WORKER_NOT_RUNNING",
        this.#name,
        "no generation runs in this worker (before setup, or after stop)",
      );
    }
    return this.#running;
  }
}
