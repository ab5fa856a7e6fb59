import { resolve } from "node:path";
import { eventPath } from "../errors/shown-path.ts";
import type { HostEvent } from "../host-events.ts";
import type { Clock } from "../schedule/clock.ts";
import { type WireEvent, wireEvent } from "../wire-event.ts";

/** A host event about one plugin, as `--json` prints it. */
export type PluginEvent = Extract<WireEvent, { plugin: string }>;
export type PluginEventOf<T extends PluginEvent["type"]> = Extract<PluginEvent, { type: T }>;
/**
 * How a reload ended: the new code serves (`plugin:reloaded`, or `plugin:started` when no
 * generation served before it), or it failed (and `runningGeneration` says what serves).
 */
export type ReloadOutcome = PluginEventOf<"plugin:reloaded" | "plugin:started" | "plugin:failed">;

const OUTCOMES: ReadonlySet<PluginEvent["type"]> = new Set([
  "plugin:reloaded",
  "plugin:started",
  "plugin:failed",
]);
const isOutcome = (event: PluginEvent): event is ReloadOutcome => OUTCOMES.has(event.type);

/**
 * The events of one plugin in a test host, in order, with their paths relative to the plugins
 * folder the plugin really lives in (`greeter/index.ts`, `_shared/format.ts`): what a host of
 * that folder would print, not paths into the test host's temporary folder.
 */
export class PluginEventLog {
  readonly plugin: string;
  readonly events: PluginEvent[] = [];
  readonly #from: string;
  readonly #to: string;
  readonly #clock: Clock;
  #wake: (() => void)[] = [];

  /** `from`: the test host's real folder; `to`: the real plugins folder the plugin is in. */
  constructor(plugin: string, paths: { from: string; to: string }, clock: Clock) {
    this.plugin = plugin;
    this.#from = paths.from;
    this.#to = paths.to;
    this.#clock = clock;
  }

  readonly listener = (event: HostEvent): void => {
    const wire = wireEvent(event);
    if (!("plugin" in wire) || wire.plugin !== this.plugin) return;
    this.events.push(this.#relocated(wire));
    for (const wake of this.#wake.splice(0)) wake();
  };

  /** The index the next event will have. */
  get mark(): number {
    return this.events.length;
  }

  /** The first reload outcome from index `from` on, if there is one yet. */
  outcomeSince(from: number): ReloadOutcome | undefined {
    return this.events.slice(from).find(isOutcome);
  }

  /** Resolves with the first reload outcome from index `from` on; undefined at the deadline. */
  async nextOutcome(from: number, timeoutMs: number): Promise<ReloadOutcome | undefined> {
    const found = this.outcomeSince(from);
    if (found) return found;
    let timer: unknown;
    let wake = () => {};
    const timedOut = new Promise<undefined>((settle) => {
      timer = this.#clock.setTimeout(() => settle(undefined), timeoutMs);
    });
    const arrived = new Promise<ReloadOutcome>((settle) => {
      wake = () => {
        const outcome = this.outcomeSince(from);
        if (outcome) settle(outcome);
        else this.#wake.push(wake);
      };
      this.#wake.push(wake);
    });
    try {
      return await Promise.race([arrived, timedOut]);
    } finally {
      this.#clock.clearTimeout(timer);
      this.#wake = this.#wake.filter((waiting) => waiting !== wake);
    }
  }

  #relocated(event: PluginEvent): PluginEvent {
    const moved = (file: string) => eventPath(this.#to, resolve(this.#from, file));
    if ("files" in event) return { ...event, files: event.files.map(moved) };
    if ("file" in event && event.file !== undefined) return { ...event, file: moved(event.file) };
    return event;
  }
}
