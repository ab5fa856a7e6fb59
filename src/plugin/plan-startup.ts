import { ReloadError } from "../errors/reload-error.ts";
import { checkManifestSet } from "./manifest/check-manifests.ts";
import { dependencyOrder, findCycles, formatCycle } from "./manifest/dependency-graph.ts";
import type { LoadedManifest } from "./manifest/read-manifest.ts";

/** Set problems that refuse the later plugin alone: the first to claim a name or address keeps it. */
const REFUSING = new Set(["MANIFEST_DUPLICATE_NAME", "MANIFEST_DUPLICATE_LISTEN"]);

export interface StartupPlan {
  /** The plugins to start, dependencies first. */
  readonly start: LoadedManifest[];
  /**
   * Plugins that cannot start whatever happens: a second use of a name or of a listen
   * address, a dependency cycle.
   */
  readonly refused: { readonly item: LoadedManifest; readonly error: ReloadError }[];
}

/**
 * Which enabled plugins start, in which order, and which are refused. A missing dependency is
 * not refused: that plugin waits, since its dependency may still appear.
 */
export function planStartup(enabled: readonly LoadedManifest[]): StartupPlan {
  const refused: StartupPlan["refused"] = [];
  const byName = new Map<string, LoadedManifest>();
  for (const error of checkManifestSet(enabled)) {
    if (!REFUSING.has(error.code)) continue;
    const item = enabled.find((candidate) => candidate.file === error.file) as LoadedManifest;
    const { name } = item.manifest;
    refused.push({
      item,
      error: new ReloadError(error.message, {
        pluginName: name,
        phase: "manifest",
        cause: error,
        file: error.file,
      }),
    });
  }
  for (const item of enabled) {
    if (!refused.some((r) => r.item === item)) byName.set(item.manifest.name, item);
  }
  const nodes = [...byName.values()].map((item) => item.manifest);
  const cycles = new Map(findCycles(nodes).flatMap((cycle) => cycle.map((name) => [name, cycle])));
  const start: LoadedManifest[] = [];
  for (const name of dependencyOrder(nodes)) {
    const item = byName.get(name) as LoadedManifest;
    const cycle = cycles.get(name);
    if (!cycle) {
      start.push(item);
      continue;
    }
    const message = `${item.file}: dependsOn: dependency cycle: ${formatCycle(cycle)}`;
    refused.push({
      item,
      error: new ReloadError(message, { pluginName: name, phase: "dependency", file: item.file }),
    });
  }
  return { start, refused };
}
