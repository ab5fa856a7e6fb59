import { realpathSync } from "node:fs";
import { join, relative } from "node:path";
import type { ConsolaInstance } from "consola";

/**
 * Warnings about names in the plugins folder that are not valid UTF-8, each said once, whoever
 * found it: discovery names it under the folder as given, the watcher under its real path (a
 * symlinked folder, a `current` that moved).
 */
export class NameWarnings {
  readonly #dir: string;
  readonly #logger: ConsolaInstance;
  readonly #said = new Set<string>();

  constructor(dir: string, logger: ConsolaInstance) {
    this.#dir = dir;
    this.#logger = logger;
  }

  /** Discovery found it: `path` is under the plugins folder as given. */
  found(path: string, message: string): void {
    this.#once(path, message);
  }

  /** The watcher found it: `path` is under the plugins folder's real path. */
  watched(path: string | undefined, message: string): void {
    this.#once(this.#asGiven(path) ?? message, message);
  }

  #asGiven(path: string | undefined): string | undefined {
    try {
      return path && join(this.#dir, relative(realpathSync(this.#dir), path));
    } catch {
      return path; // the folder is gone: nothing else names it now
    }
  }

  #once(key: string, message: string): void {
    if (this.#said.has(key)) return;
    this.#said.add(key);
    this.#logger.warn(message);
  }
}
