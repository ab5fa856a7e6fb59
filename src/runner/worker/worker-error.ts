import { HotplugError } from "../../errors/hotplug-error.ts";

export type WorkerErrorCode =
  /** The worker was terminated (a time-out, a dispose) or ended by itself. */
  | "WORKER_ENDED"
  /** A request for a generation when none runs in the worker (before setup, after stop). */
  | "WORKER_NOT_RUNNING"
  /** The worker asked for a dependency its plugin does not list. */
  | "WORKER_UNKNOWN_DEPENDENCY";

/** A plugin worker could not do what was asked; `plugin` names whose worker it is. */
export class WorkerError extends HotplugError {
  override name = "WorkerError";
  declare readonly code: WorkerErrorCode;
  readonly plugin: string;

  constructor(code: WorkerErrorCode, plugin: string, message: string, options?: ErrorOptions) {
    super(code, `${plugin}: ${message}`, options);
    this.plugin = plugin;
  }
}
