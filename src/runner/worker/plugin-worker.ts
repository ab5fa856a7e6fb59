import type { ConsolaInstance } from "consola";
import type { LeftoverReport } from "../../leftovers/leftover-report.ts";
import type { StartOptions } from "../../plugin/generation-runner.ts";
import { withDeadline } from "../../plugin/run-hook.ts";
import type { Runtime } from "../../runtime/runtime.ts";
import type { WorkerEndpoint } from "../../runtime/worker-endpoint.ts";
import type { ServeTarget } from "../../serve/serve-target.ts";
import { WorkerFetchClient } from "../../serve/worker-fetch-client.ts";
import { Peer } from "./peer.ts";
import {
  describeCrossing,
  type HostMethods,
  type InputOf,
  type MethodName,
  type ResultOf,
  type WorkerEvent,
  type WorkerMethods,
} from "./protocol.ts";
import { fromWire } from "./wire-error.ts";
import { WorkerError } from "./worker-error.ts";

/** What the worker's running generation needs from the host side. */
export interface WorkerTenant {
  readonly log: ConsolaInstance;
  /** name -> live handle of each dependency, which the worker's calls reach. */
  readonly deps: Readonly<Record<string, unknown>>;
  readonly whenRunning: StartOptions["whenRunning"];
  readonly onCrash: (error: Error) => void;
  readonly onLeftovers: (report: LeftoverReport) => void;
}

/** A request with a deadline: past it, the worker is terminated unless told otherwise. */
export interface Deadline {
  /** The hook it runs, as a time-out names it. */
  readonly hook: string;
  readonly timeoutMs: number;
  /** A slow health check is an unhealthy answer, not a runaway: the worker is left alone. */
  readonly terminate?: boolean;
}

/**
 * The host's end of one plugin worker: requests bounded by a deadline that is enforced by
 * terminating the worker (an endless loop cannot answer, but it can be ended), the worker's
 * own failures (an uncaught error, an exit) reported to its running generation, and the
 * worker's calls into its plugin's dependencies answered.
 */
export class PluginWorker {
  readonly #endpoint: WorkerEndpoint;
  readonly #peer: Peer<HostMethods, WorkerMethods>;
  #name = "plugin";
  #tenant: WorkerTenant | undefined;
  #ended = false;
  /** The host's end of the worker's serving, made when a generation first serves. */
  #serving: WorkerFetchClient | undefined;

  /** Boots a worker that serves no plugin yet: `assign()` gives it one. */
  constructor(runtime: Runtime, bootstrap: URL) {
    this.#endpoint = runtime.spawnWorker(bootstrap, "hotplug plugin worker");
    this.#peer = new Peer<HostMethods, WorkerMethods>({
      port: this.#endpoint,
      handlers: {
        depCall: ({ dep, prop, args }) => this.#dependency(dep, prop, args),
        depGet: ({ dep, prop }) => this.#dependency(dep, prop, undefined),
        depWait: async ({ dep, timeoutMs }) => {
          await this.#tenant?.whenRunning(dep, timeoutMs === undefined ? {} : { timeoutMs });
        },
      },
      onEvent: (event) => this.#onEvent(event),
      errorOf: (wire) => fromWire(wire, this.#name),
      owner: () => this.#name,
      describe: (method, input, part) => describeCrossing(this.#name, method, input, part),
    });
    this.#endpoint.onExit((error) => {
      const wasEnded = this.#ended;
      this.#ended = true;
      this.#peer.close(
        new WorkerError("WORKER_ENDED", this.#name, error.message, { cause: error }),
      );
      this.#serving?.fail();
      if (!wasEnded) this.#tenant?.onCrash(error);
    });
  }

  /** The plugin this worker is for, as messages name it. */
  assign(name: string): this {
    this.#name = name;
    return this;
  }

  /** The generation whose logs, dependency calls and crashes this worker serves now. */
  set tenant(tenant: WorkerTenant | undefined) {
    this.#tenant = tenant;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /**
   * Asks the worker; past the deadline the request fails with a HookTimeoutError naming the
   * hook and (unless told otherwise) the worker is terminated, whatever the plugin is doing.
   */
  request<K extends MethodName<WorkerMethods>>(
    deadline: Deadline,
    method: K,
    ...input: InputOf<WorkerMethods, K>
  ): Promise<ResultOf<WorkerMethods, K>> {
    const answer = this.#peer.request(method, ...input);
    return withDeadline(answer, deadline.hook, deadline.timeoutMs, () => {
      if (deadline.terminate !== false) void this.terminate();
    });
  }

  /** A request with no deadline: an API call may legitimately take long. */
  call<K extends MethodName<WorkerMethods>>(
    method: K,
    ...input: InputOf<WorkerMethods, K>
  ): Promise<ResultOf<WorkerMethods, K>> {
    return this.#peer.request(method, ...input);
  }

  /** Generation `number` in this worker, as its plugin's listener serves it. */
  serving(number: number): ServeTarget {
    this.#serving ??= new WorkerFetchClient(this.#endpoint, this.#name);
    return this.#serving.target(number);
  }

  async terminate(): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    this.#peer.close(new WorkerError("WORKER_ENDED", this.#name, "its worker was terminated"));
    // Its requests in flight get 503; the listener stays open for the next generation.
    this.#serving?.fail();
    await this.#endpoint.terminate();
  }

  async #dependency(dep: string, prop: string, args: readonly unknown[] | undefined) {
    const target = this.#tenant?.deps[dep] as Record<string, unknown> | undefined;
    if (!target) {
      throw new WorkerError(
        "WORKER_UNKNOWN_DEPENDENCY",
        this.#name,
        `${dep} is not among its dependencies (dependsOn)`,
      );
    }
    const value = target[prop];
    if (args === undefined) return await value;
    if (typeof value !== "function") {
      throw new TypeError(`Cannot call ${dep}.${prop}() from ${this.#name}: it is not a function`);
    }
    return await value.apply(target, args);
  }

  #onEvent(event: WorkerEvent): void {
    if (event.kind === "log") {
      const log = this.#tenant?.log as unknown as Record<string, (...args: unknown[]) => void>;
      (log?.[event.level] ?? log?.log)?.(...event.args);
      return;
    }
    if (event.kind === "leftovers") {
      this.#tenant?.onLeftovers(event.report);
      return;
    }
    const error = fromWire(event.error, this.#name);
    if (!this.#ended) this.#tenant?.onCrash(error);
  }
}
