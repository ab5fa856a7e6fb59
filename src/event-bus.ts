import type { HostEvent, HostEventListener, HostEvents, HostEventType } from "./host-events.ts";

/** Fans host events out to listeners; a listener that throws cannot break a reload. */
export class EventBus {
  readonly #listeners = new Set<HostEventListener>();
  readonly #onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void = () => {}) {
    this.#onListenerError = onListenerError;
  }

  on(listener: HostEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit<K extends HostEventType>(type: K, payload: HostEvents[K]): void {
    const event = { type, time: new Date().toISOString(), ...payload } as HostEvent;
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }
}
