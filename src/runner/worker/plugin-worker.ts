import type { ConsolaInstance } from "consola";
import type { StartOptions } from "../../plugin/generation-runner.ts";
import { withDeadline } from "../../plugin/run-hook.ts";
import type { Runtime } from "../../runtime/runtime.ts";
import type { WorkerEndpoint } from "../../runtime/worker-endpoint.ts";
import { Peer } from "./peer.ts";
import type { HostRequest, WorkerEvent, WorkerRequest } from "./protocol.ts";
import { fromWire } from "./wire-error.ts";

/** What the worker's running generation needs from the host side. */
export interface WorkerTenant {
  readonly log: ConsolaInstance;
  /** name -> live handle of each dependency, which the worker's calls reach. */
  readonly deps: Readonly<Record<string, unknown>>;
  readonly whenRunning: StartOptions["whenRunning"];
  readonly onCrash: (error: Error) => void;
}

/**
 * The host's side of one plugin worker: requests bounded by a deadline that is enforced by
 * terminating the worker (an endless loop cannot answer, but it can be ended), and the
 * worker's own failures (an uncaught error, an exit) reported to its running generation.
 */
export class PluginWorker {
  readonly #endpoint: WorkerEndpoint;
  readonly #peer: Peer<WorkerRequest, HostRequest>;
  #name = "plugin";
  #tenant: WorkerTenant | undefined;
  #ended = false;

  /** Boots a worker that serves no plugin yet: `assign()` gives it one. */
  constructor(runtime: Runtime, bootstrap: URL) {
    this.#endpoint = runtime.spawnWorker(bootstrap, "hotplug plugin worker");
    this.#peer = new Peer<WorkerRequest, HostRequest>(
      this.#endpoint,
      (request) => this.#answer(request),
      (event) => this.#onEvent(event),
      (reply) => fromWire(reply.error, this.#name),
    );
    this.#endpoint.onExit((error) => {
      const wasEnded = this.#ended;
      this.#ended = true;
      this.#peer.close(error);
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
   * Asks the worker; past `timeoutMs` the request fails with a HookTimeoutError naming `hook`
   * and, unless told otherwise, the worker is terminated, whatever the plugin's code is doing.
   */
  request(
    request: HostRequest,
    hook: string,
    timeoutMs: number,
    { terminate = true } = {},
  ): Promise<unknown> {
    const answer = this.#peer.request(request, `${hook}()'s input`);
    return withDeadline(answer, hook, timeoutMs, () => {
      if (terminate) void this.terminate();
    });
  }

  /** A call with no deadline: an API call may legitimately take long. */
  call(request: HostRequest): Promise<unknown> {
    return this.#peer.request(request, "the arguments");
  }

  async terminate(): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    this.#peer.close(new Error(`${this.#name}'s worker was terminated`));
    await this.#endpoint.terminate();
  }

  async #answer(request: WorkerRequest): Promise<unknown> {
    if (request.kind === "dep-wait") {
      const options = request.timeoutMs === undefined ? {} : { timeoutMs: request.timeoutMs };
      await this.#tenant?.whenRunning(request.dep, options);
      return undefined; // the worker answers with its own proxy of the dependency
    }
    const target = this.#tenant?.deps[request.dep] as Record<string, unknown> | undefined;
    if (!target) throw new Error(`${this.#name}: ${request.dep} is not among its dependencies`);
    const value = target[request.prop];
    if (request.kind === "dep-get") return await value;
    if (typeof value !== "function") {
      throw new TypeError(`${this.#name}: ${request.dep}.${request.prop} is not a function`);
    }
    return await value.apply(target, request.args);
  }

  #onEvent(event: WorkerEvent): void {
    if (event.kind === "log") {
      const log = this.#tenant?.log as unknown as Record<string, (...args: unknown[]) => void>;
      (log?.[event.level] ?? log?.log)?.(...event.args);
      return;
    }
    const error = fromWire(event.error, this.#name);
    if (!this.#ended) this.#tenant?.onCrash(error);
  }
}
