import { messageOf } from "../errors/hotplug-error.ts";
import { ReloadError } from "../errors/reload-error.ts";
import type { Runtime } from "../runtime/runtime.ts";
import type { Clock } from "../schedule/clock.ts";
import {
  addressesCollide,
  formatAddress,
  listenAddress,
  sameAddress,
} from "../serve/listen-address.ts";
import { PluginListener } from "../serve/plugin-listener.ts";
import type { Generation } from "./generation-runner.ts";
import type { LoadedManifest } from "./manifest/read-manifest.ts";
import type { PluginRecord } from "./plugin-record.ts";

export interface PluginListenersOptions {
  readonly serve: Runtime["serve"];
  /** Bounds a held request and a drain, like every step of a plugin. */
  readonly timeoutMs: number;
  readonly clock: Clock;
  /** A serving plugin's handler threw: its request was answered 500. */
  readonly onError: (plugin: string, error: unknown) => void;
  /** A listener was opened or moved: where it listens now (`127.0.0.1:3000`, `unix:/a.sock`). */
  readonly onListening: (plugin: string, address: string) => void;
}

/**
 * The listeners the host keeps for its serving plugins, one per plugin with `listen`, on its
 * record: opened at the first load (before the first start, so a plugin whose start fails
 * answers 503 rather than refusing), kept through every reload, rollback and failed save,
 * moved when `listen` changes, closed at unload. Where its requests go follows the record:
 * the generation serving, held through a stop-first swap, 503 while none serves.
 */
export class PluginListeners {
  readonly #options: PluginListenersOptions;

  constructor(options: PluginListenersOptions) {
    this.#options = options;
  }

  /**
   * Brings the record's listener in line with `loaded`'s `listen`: opened, moved or closed.
   * Throws a ReloadError (phase manifest) when the address is another plugin's or cannot be
   * bound; the listener it had is left as it was.
   */
  async keep(record: PluginRecord, loaded: LoadedManifest, others: PluginRecord[]): Promise<void> {
    const { listen } = loaded.manifest;
    const listener = record.listener;
    if (listen === undefined) {
      if (listener) await this.close(record);
      return;
    }
    const address = listenAddress(listen);
    if (listener && sameAddress(listener.address, address)) return;
    const owner = others.find(
      (other) =>
        other !== record && other.listener && addressesCollide(other.listener.address, address),
    );
    if (owner) {
      throw failed(loaded, `listen: ${formatAddress(address)} is already ${owner.name}'s`);
    }
    let opened: PluginListener;
    try {
      if (listener) await listener.move(address);
      opened = listener ?? (await this.#open(record.name, address));
    } catch (error) {
      throw failed(loaded, messageOf(error), error);
    }
    record.listener = opened;
    this.#options.onListening(record.name, formatAddress(opened.address));
  }

  /** A load or a stop-first swap begins: requests wait for the generation to come. */
  hold(record: PluginRecord): void {
    record.listener?.hold(this.#options.timeoutMs);
  }

  /** `generation` serves now: its listener hands it every request from here on. */
  serve(record: PluginRecord, generation: Generation): void {
    if (generation.serving) record.listener?.serve(generation.serving);
  }

  /** No generation serves, and none is coming soon: 503 at once, naming the state. */
  unavailable(record: PluginRecord, state: string = record.state): void {
    record.listener?.unavailable(state);
  }

  /** Waits (bounded) for the requests `generation` took: its stop() runs after them. */
  async drain(record: PluginRecord, generation: Generation): Promise<void> {
    if (record.listener && generation.serving) {
      await record.listener.drain(generation.serving, this.#options.timeoutMs);
    }
  }

  async close(record: PluginRecord): Promise<void> {
    const listener = record.listener;
    record.listener = undefined;
    await listener?.close();
  }

  #open(plugin: string, address: ReturnType<typeof listenAddress>): Promise<PluginListener> {
    const { serve, clock, onError } = this.#options;
    return PluginListener.open({
      plugin,
      address,
      runtime: { serve },
      clock,
      onError: (error) => onError(plugin, error),
    });
  }
}

function failed(loaded: LoadedManifest, problem: string, cause?: unknown): ReloadError {
  const name = loaded.manifest.name;
  return new ReloadError(`${loaded.file}: ${problem}`, {
    pluginName: name,
    phase: "manifest",
    file: loaded.path,
    cause,
  });
}
