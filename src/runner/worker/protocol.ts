import type { LeftoverReport } from "../../leftovers/leftover-report.ts";
import type { LeftoversMode } from "../../leftovers/leftovers-recorder.ts";
import type { HealthResult } from "../../plugin/plugin.ts";
import type { ListenSetting } from "../../serve/listen-address.ts";
import type { WireError } from "./wire-error.ts";

/**
 * The requests between the host and a plugin's worker, each one name with one signature, so
 * both ends share one definition (as Vite's module runner types its `invokeMethods`). The host
 * asks the worker to import its plugin and run its generations; the worker asks the host to
 * reach the plugin's dependencies. Everything crosses structured-cloned.
 */
export interface WorkerMethods {
  /** Imports the entry and validates the module and its config (phases 2-3). */
  load(input: LoadInput): void;
  /** setup() of a new generation; the answer is the shape of its API. */
  setup(input: SetupInput): ApiShape;
  start(): void;
  /** stop(); the answer is the state for the next generation. */
  stop(): unknown;
  snapshot(): unknown;
  health(): HealthResult;
  /** A call of the serving generation's API. */
  call(input: { readonly prop: string; readonly args: readonly unknown[] }): unknown;
  /** A read of a value of the serving generation's API. */
  get(input: { readonly prop: string }): unknown;
}

/** What a plugin worker asks of the host: calls into its plugin's dependencies. */
export interface HostMethods {
  depCall(input: {
    readonly dep: string;
    readonly prop: string;
    readonly args: readonly unknown[];
  }): unknown;
  depGet(input: { readonly dep: string; readonly prop: string }): unknown;
  /** Resolves once `dep` serves (ctx.whenRunning); the worker answers with its own proxy. */
  depWait(input: { readonly dep: string; readonly timeoutMs?: number }): void;
}

export interface LoadInput {
  readonly name: string;
  /** The entry as a file URL, as the worker imports it. */
  readonly entry: string;
  /** How messages name the entry and the manifest. */
  readonly shownEntry: string;
  readonly manifestFile: string;
  readonly config: unknown;
  /** plugin.json's `listen`: the module must serve exactly when it has one. */
  readonly listen: ListenSetting | undefined;
  /** What the worker records of each generation, to tell what it left (--leftovers). */
  readonly leftovers: LeftoversMode;
  /** The plugin's import graph (absolute paths): what its generations create is theirs. */
  readonly files: readonly string[];
}

export interface SetupInput {
  readonly version: string;
  readonly number: number;
  readonly state: unknown;
  /** name -> shape of each dependency's API as it serves now. */
  readonly deps: Readonly<Record<string, ApiShape>>;
}

/** Events that need no answer, from the worker. */
export type WorkerEvent =
  | { readonly kind: "log"; readonly level: string; readonly args: readonly unknown[] }
  /** An uncaught error, an unhandled rejection or an exit in the worker: the generation is broken. */
  | { readonly kind: "crash"; readonly error: WireError }
  /** A generation ended and left things running: sent before the answer to its stop(). */
  | { readonly kind: "leftovers"; readonly report: LeftoverReport };

/**
 * An API as the other side of the boundary sees it: which properties are functions (called
 * remotely, each returning a Promise) and which are values (read remotely, as a Promise).
 * An API that is not an object crosses as a plain value.
 */
export type ApiShape =
  | {
      readonly kind: "object";
      readonly functions: readonly string[];
      readonly values: readonly string[];
    }
  | { readonly kind: "value"; readonly value: unknown };

/** A request of `M` by name, with the input its signature takes (none for most). */
export type MethodName<M> = keyof M & string;
export type InputOf<M, K extends MethodName<M>> = M[K] extends (...input: infer I) => unknown
  ? I
  : never;
export type ResultOf<M, K extends MethodName<M>> = M[K] extends (...input: never[]) => infer R
  ? Awaited<R>
  : never;

/** The functions that answer `M`'s requests, sync or async. */
export type Handlers<M> = {
  readonly [K in MethodName<M>]: (
    ...input: InputOf<M, K>
  ) => ResultOf<M, K> | Promise<ResultOf<M, K>>;
};

/** What goes over the port: a request, its reply, or an event. */
export type Message =
  | { readonly id: number; readonly method: string; readonly input: unknown }
  | { readonly id: number; readonly reply: Reply }
  | { readonly event: WorkerEvent };

export type Reply =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: WireError };

/**
 * What a request's input or answer is, in words, for the message of a value that cannot
 * cross: it names the plugin (or dependency) and the method, as the user wrote them.
 */
export function describeCrossing(
  plugin: string,
  method: string,
  input: unknown,
  part: "input" | "reply",
): string {
  const { prop, dep } = (input ?? {}) as { prop?: string; dep?: string };
  switch (method) {
    case "call":
    case "depCall": {
      const fn = `${method === "call" ? plugin : dep}.${prop}()`;
      return part === "input" ? `the arguments of ${fn}` : `the result of ${fn}`;
    }
    case "get":
    case "depGet":
      return `the value of ${method === "get" ? plugin : dep}.${prop}`;
    case "stop":
    case "snapshot":
      return part === "reply" ? `the state ${method}() returned` : `${method}()'s input`;
    case "setup":
      return part === "input" ? "the state setup() was given (ctx.state)" : "setup()'s API";
    case "load":
      return "plugin.json's config";
    default:
      return `${method}()'s ${part === "input" ? "input" : "result"}`;
  }
}
