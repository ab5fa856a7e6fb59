import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { ConsolaInstance } from "consola";
import type { Isolation } from "../host-events.ts";
import { createLogger } from "../logger.ts";
import { HotReloadSystem } from "../reload/hot-reload-system.ts";
import { detectRuntime } from "../runtime/detect-runtime.ts";
import { systemClock } from "../schedule/clock.ts";
import { type FreeListeners, freeListeners, urlOf } from "./free-listeners.ts";
import {
  type PluginEvent,
  PluginEventLog,
  type PluginEventOf,
  type ReloadOutcome,
} from "./plugin-event-log.ts";
import { PluginTestError } from "./plugin-test-error.ts";
import { pluginUnderTest } from "./plugin-under-test.ts";
import { TestFolder } from "./test-folder.ts";
import { type ManifestOverride, testRunners } from "./test-runners.ts";

export interface TestPluginOptions {
  /** Replaces plugin.json's `config`; the module's configSchema still validates it. */
  readonly config?: Record<string, unknown>;
  /**
   * Stand-ins for the plugins in its `dependsOn`, by name: the object each one's setup()
   * would return. Every dependency needs one.
   */
  readonly deps?: Readonly<Record<string, object>>;
  /** Where it runs, whatever plugin.json says. */
  readonly isolation?: Isolation;
  /** Bound in ms on the import and on every hook, as `--timeout`; default 2000. */
  readonly timeout?: number;
  /** The host's log, which the plugin's `ctx.log` writes to; default: silent. */
  readonly logger?: ConsolaInstance;
}

const DEFAULT_TIMEOUT_MS = 2000;
/** A reload runs stop(), setup() and start(), each bounded by the timeout. */
const HOOKS_PER_RELOAD = 3;

/**
 * Loads the plugin in `dir` into a host of its own (a real HotReloadSystem, watching a
 * temporary plugins folder that links to `dir` and holds the stand-ins) through the host's
 * loader, validation and lifecycle, and resolves once it serves. A plugin with `listen` gets
 * its listener on a free port (`url`). Rejects with a
 * PluginTestError, naming the file and line, if it does not start.
 */
export async function testPlugin<Api = unknown, State = unknown>(
  dir: string | URL,
  options: TestPluginOptions = {},
): Promise<PluginTest<Api, State>> {
  const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
  if (!(timeout > 0 && Number.isFinite(timeout))) {
    throw new RangeError(`Cannot test a plugin: timeout must be a positive number, got ${timeout}`);
  }
  const plugin = await pluginUnderTest(dir, options.deps ?? {});
  const { name, dir: real, deps } = plugin;
  const folder = await TestFolder.create(plugin, Object.keys(deps));
  const where = { home: dirname(real), cwd: process.cwd() };
  const overrides = new Map<string, ManifestOverride>(
    Object.entries(deps).map(([dep, api]) => [dep, { config: api as Record<string, unknown> }]),
  );
  overrides.set(name, {
    ...(options.config ? { config: options.config } : {}),
    ...(options.isolation ? { isolation: options.isolation } : {}),
  });
  const states = new Map<number, unknown>();
  const log = new PluginEventLog(name, { from: folder.root, to: where.home }, systemClock);
  const listeners = freeListeners(detectRuntime(), folder.root);
  const host = new HotReloadSystem({
    dir: folder.root,
    cwd: where.cwd,
    runtime: listeners.runtime,
    timeout,
    logger: options.logger ?? createLogger("silent"),
    leftovers: "clear",
    wrapRunners: (runners) =>
      testRunners(runners, {
        overrides,
        ...where,
        onStart: (plugin, generation, state) => {
          if (plugin === name) states.set(generation, state);
        },
      }),
  });
  host.on(log.listener);
  const discard = async () => {
    await host.shutdown();
    await folder.remove();
  };
  try {
    await host.startWatching();
  } catch (error) {
    await discard();
    throw error;
  }
  const status = host.status().find((plugin) => plugin.name === name);
  if (status?.state !== "running") {
    await discard();
    const failed = log.events.findLast(
      (event): event is PluginEventOf<"plugin:failed"> => event.type === "plugin:failed",
    );
    if (failed) throw PluginTestError.notStarted(failed, where, testPlugin);
    const why = plugin.enabled
      ? `it is ${status?.state ?? "not loaded"}`
      : "its plugin.json has enabled: false";
    const message = `${name} did not start: ${why}`;
    throw new PluginTestError("PLUGIN_TEST_NOT_STARTED", name, message, testPlugin);
  }
  const api = host.api(name) as Api;
  const parts = { name, dir: real, api, host, folder, log, states, listeners, timeout };
  return new PluginTest<Api, State>(parts);
}

interface PluginTestParts<Api> {
  readonly name: string;
  readonly dir: string;
  readonly api: Api;
  readonly host: HotReloadSystem;
  readonly folder: TestFolder;
  readonly log: PluginEventLog;
  readonly states: ReadonlyMap<number, unknown>;
  readonly listeners: FreeListeners;
  readonly timeout: number;
}

/** One plugin running in a test host: what testPlugin() resolves with. */
export class PluginTest<Api = unknown, State = unknown> {
  /** The plugin's name, from its plugin.json. */
  readonly name: string;
  /** The plugin's folder (its real path). */
  readonly dir: string;
  /**
   * Its live handle (as `host.api(name)`): every call reaches the generation serving then,
   * and throws PluginUnavailableError while none does (after stop(), too). In worker
   * isolation each call returns a Promise.
   */
  readonly api: Api;
  readonly #host: HotReloadSystem;
  readonly #folder: TestFolder;
  readonly #log: PluginEventLog;
  readonly #states: ReadonlyMap<number, unknown>;
  readonly #listeners: FreeListeners;
  readonly #deadlineMs: number;
  /** What edit() overwrote, to put back at stop(): the bytes, or null for a file it created. */
  readonly #originals = new Map<string, Uint8Array | null>();
  #stopping: Promise<void> | undefined;

  constructor(parts: PluginTestParts<Api>) {
    this.name = parts.name;
    this.dir = parts.dir;
    this.api = parts.api;
    this.#host = parts.host;
    this.#folder = parts.folder;
    this.#log = parts.log;
    this.#states = parts.states;
    this.#listeners = parts.listeners;
    this.#deadlineMs = HOOKS_PER_RELOAD * parts.timeout;
  }

  /**
   * The `ctx.state` the serving generation was started with (what the previous one's stop()
   * or snapshot() returned; in a worker, what the host sent it a structured clone of);
   * undefined while none serves.
   */
  get state(): State | undefined {
    const generation = this.#host.status().find((plugin) => plugin.name === this.name)?.generation;
    return (generation == null ? undefined : this.#states.get(generation)) as State | undefined;
  }

  /**
   * For a plugin with `listen`: where its listener is, `http://127.0.0.1:<port>/`. The test
   * host binds it on a free port of the host plugin.json names, and keeps it across reloads;
   * undefined for a plugin that does not serve (or serves on a Unix socket).
   */
  get url(): string | undefined {
    return urlOf(this.#listeners.bound);
  }

  /** The host's events about this plugin so far, as `--json` prints them, oldest first. */
  get events(): readonly PluginEvent[] {
    return this.#log.events;
  }

  /** What its generations left running when they stopped: the `leftovers` warnings so far. */
  leftovers(): PluginEventOf<"plugin:warning">[] {
    return this.#log.events.filter(
      (event): event is PluginEventOf<"plugin:warning"> =>
        event.type === "plugin:warning" && event.kind === "leftovers",
    );
  }

  /**
   * A real reload of the code on disk, changed or not: stop, hand the state on, start.
   * Resolves with its `plugin:reloaded` or `plugin:failed` event (`plugin:started` if no
   * generation served before it).
   */
  async reload(): Promise<ReloadOutcome> {
    this.#live("reload");
    const mark = this.#log.mark;
    await this.#host.reload(this.name);
    return this.#outcome(mark, "reload()", this.reload);
  }

  /**
   * Writes `source` to `file` (relative to the plugin's folder) and resolves with the reload's
   * `plugin:reloaded` or `plugin:failed` event (`plugin:started` if nothing served before).
   * stop() puts the file back as it was.
   */
  async edit(file: string, source: string | Uint8Array): Promise<ReloadOutcome> {
    this.#live("edit");
    const path = resolve(this.dir, file);
    if (!this.#originals.has(path)) {
      this.#originals.set(path, await readFile(path).catch(() => null));
    }
    const mark = this.#log.mark;
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, source);
    // A re-sync with the disk, as SIGHUP's: the test host's watcher sees its own folder, and
    // the plugin's files are in the plugin's folder, which that folder only links to.
    const summary = await this.#host.sync();
    const moved = [summary.reloaded, summary.failed, summary.started].some((names) =>
      names.includes(this.name),
    );
    const what = `edit(${JSON.stringify(file)})`;
    if (!moved && !this.#log.outcomeSince(mark)) {
      throw new PluginTestError(
        "PLUGIN_TEST_NO_RELOAD",
        this.name,
        `${this.name}: ${what} reloaded nothing: it already ran these bytes, or does not import ${file}`,
        this.edit,
      );
    }
    return this.#outcome(mark, what, this.edit);
  }

  /**
   * Shuts the test host down (the plugin's last stop() runs and its leftovers are reported),
   * removes the temporary folder and puts back the files edit() changed. The plugin's folder
   * stays. Once is enough; later calls wait for the first.
   */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  /** For `await using test = await testPlugin(...)`: stops it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }

  async #stop(): Promise<void> {
    try {
      await this.#host.shutdown();
    } finally {
      await this.#folder.remove();
      for (const [path, bytes] of this.#originals) {
        if (bytes === null) await rm(path, { force: true });
        else await writeFile(path, bytes);
      }
    }
  }

  #live(action: string): void {
    if (this.#stopping) throw new TypeError(`Cannot ${action} ${this.name}: it was stopped`);
  }

  async #outcome(
    mark: number,
    what: string,
    above: (...args: never[]) => unknown,
  ): Promise<ReloadOutcome> {
    const outcome = await this.#log.nextOutcome(mark, this.#deadlineMs);
    if (outcome) return outcome;
    throw new PluginTestError(
      "PLUGIN_TEST_NO_RELOAD",
      this.name,
      `${this.name}: no plugin:reloaded or plugin:failed within ${this.#deadlineMs} ms of ${what}`,
      above,
    );
  }
}
