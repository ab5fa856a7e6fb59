import type { WireError } from "./wire-error.ts";

/**
 * The messages between the host and a plugin's worker. Each side sends requests and answers
 * the other's: the host asks the worker to import, start, stop and call its plugin; the worker
 * asks the host to call the plugin's dependencies. Everything is structured-cloned.
 */
export type Message =
  | { readonly id: number; readonly request: HostRequest | WorkerRequest }
  | { readonly id: number; readonly reply: Reply }
  | { readonly event: WorkerEvent };

export type Reply =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: WireError };

/** What the host asks of the worker. */
export type HostRequest =
  | {
      readonly kind: "load";
      readonly name: string;
      readonly entry: string;
      /** How messages name the entry and the manifest. */
      readonly shownEntry: string;
      readonly manifestFile: string;
      readonly config: unknown;
    }
  | {
      readonly kind: "setup";
      readonly version: string;
      readonly number: number;
      readonly state: unknown;
      /** name -> shape of each dependency's API as it serves now. */
      readonly deps: Readonly<Record<string, ApiShape>>;
    }
  | { readonly kind: "start" | "stop" | "snapshot" | "health" }
  | { readonly kind: "call"; readonly prop: string; readonly args: readonly unknown[] }
  | { readonly kind: "get"; readonly prop: string };

/** What the worker asks of the host: a call into one of its plugin's dependencies. */
export type WorkerRequest =
  | {
      readonly kind: "dep-call";
      readonly dep: string;
      readonly prop: string;
      readonly args: readonly unknown[];
    }
  | { readonly kind: "dep-get"; readonly dep: string; readonly prop: string }
  | { readonly kind: "dep-wait"; readonly dep: string; readonly timeoutMs?: number };

export type WorkerEvent =
  | { readonly kind: "log"; readonly level: string; readonly args: readonly unknown[] }
  /** An uncaught error or unhandled rejection in the worker: the generation is broken. */
  | { readonly kind: "crash"; readonly error: WireError };

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
