import type { ConsolaInstance } from "consola";
import { shownPath } from "../errors/shown-path.ts";
import { realpathQuietly } from "../fs/stat-quietly.ts";
import type { PluginRecord } from "../plugin/plugin-record.ts";

/**
 * Says when a plugin's graph holds a package at a folder that its path no longer leads to: an
 * install re-pointed the link (Bun's isolated installs, pnpm), and the runtime's resolver keeps
 * the target it first found for the life of the process (Bun 1.4.5 and Node do), so the plugin
 * reloaded but still runs the old version. Said once per plugin, package and pair of folders.
 */
export class MovedPackages {
  readonly #logger: ConsolaInstance;
  readonly #cwd: string;
  readonly #said = new Set<string>();

  constructor(logger: ConsolaInstance, cwd: string) {
    this.#logger = logger;
    this.#cwd = cwd;
  }

  check(records: readonly Pick<PluginRecord, "name" | "read">[]): void {
    for (const record of records) {
      for (const pkg of record.read?.graph.packages ?? []) {
        const now = realpathQuietly(pkg.path);
        const key = `${record.name}\0${pkg.path}\0${pkg.real}\0${now}`;
        if (now === undefined || now === pkg.real || this.#said.has(key)) continue;
        this.#said.add(key);
        const shown = (path: string) => shownPath(path, this.#cwd);
        this.#logger.warn(
          `${record.name}: ${shown(pkg.path)} now leads to ${shown(now)}, but the runtime still ` +
            `resolves it to ${shown(pkg.real)}, as it did before the install: it keeps a link's ` +
            "target until the process ends. Restart hotplug to run the new version.",
        );
      }
    }
  }
}
