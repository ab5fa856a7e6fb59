import type { HostEvents } from "../host-events.ts";
import type { HostTypecheck } from "../typecheck/host-typecheck.ts";
import type { CheckRequest } from "../typecheck/type-checker.ts";
import { dependentsOf } from "./manifest/dependency-graph.ts";
import type { LoadedManifest } from "./manifest/read-manifest.ts";
import type { PluginRegistry } from "./plugin-registry.ts";
import type { SourceState } from "./source-state.ts";

/**
 * `--typecheck` as the manager applies it to one plugin's load or reload: `gate` before the
 * import, `warn` after the swap. What is checked is the graph just read, and the graphs of the
 * running plugins that depend on it (directly or not) and check types themselves, since a
 * changed API breaks them, not the plugin that changed.
 */
export class PluginTypes {
  readonly #records: PluginRegistry;
  /** The host's checker, started on first use. */
  readonly checker: HostTypecheck;
  readonly #warn: (warning: HostEvents["plugin:warning"]) => void;

  constructor(
    records: PluginRegistry,
    checker: HostTypecheck,
    warn: (warning: HostEvents["plugin:warning"]) => void,
  ) {
    this.#records = records;
    this.checker = checker;
    this.#warn = warn;
  }

  /** `gate`: resolves when the graph just read (and its dependents') type-checks. */
  async gate(loaded: LoadedManifest, read: SourceState): Promise<void> {
    if (this.checker.modeOf(loaded.manifest) !== "gate") return;
    await this.checker.gate(this.#request(loaded.manifest.name, read));
  }

  /**
   * `warn`: the new code serves already; its type errors are reported when the check ends,
   * unless another generation has been swapped in meanwhile: the check read the disk as it
   * was then, which is the newer generation's, and that one's own check reports it.
   */
  warnAfterSwap(loaded: LoadedManifest, read: SourceState): void {
    const { name } = loaded.manifest;
    if (this.checker.modeOf(loaded.manifest) !== "warn") return;
    const checked = this.#records.get(name)?.current;
    void this.checker.warn(this.#request(name, read)).then((warnings) => {
      if (this.#records.get(name)?.current !== checked) return;
      for (const warning of warnings) this.#warn(warning);
    });
  }

  #request(name: string, read: SourceState): CheckRequest {
    const dependents = dependentsOf(this.#records.all(), name).flatMap((dependent) => {
      const record = this.#records.get(dependent);
      const candidate = record?.current?.candidate;
      if (!candidate || !record.source || this.checker.modeOf(candidate) === "off") return [];
      return [{ name: dependent, files: record.source.graph.files }];
    });
    return { plugin: { name, files: read.graph.files }, dependents };
  }
}
