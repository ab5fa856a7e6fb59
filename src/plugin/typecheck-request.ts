import type { HostEvents } from "../host-events.ts";
import type { HostTypecheck } from "../typecheck/host-typecheck.ts";
import type { CheckRequest } from "../typecheck/type-checker.ts";
import { dependentsOf } from "./manifest/dependency-graph.ts";
import type { LoadedManifest } from "./manifest/read-manifest.ts";
import type { PluginRegistry } from "./plugin-registry.ts";
import type { SourceState } from "./source-state.ts";

/**
 * What a check of `name` covers: the module graph just read, and the graphs of the running
 * plugins that depend on it (directly or not) and check types themselves, since a changed
 * API breaks them, not the plugin that changed.
 */
export function typecheckRequest(
  records: PluginRegistry,
  typecheck: HostTypecheck,
  name: string,
  read: SourceState,
): CheckRequest {
  const dependents = dependentsOf(records.all(), name).flatMap((dependent) => {
    const record = records.get(dependent);
    const candidate = record?.current?.candidate;
    if (!candidate || !record.source || typecheck.modeOf(candidate) === "off") return [];
    return [{ name: dependent, files: record.source.graph.files }];
  });
  return { plugin: { name, files: read.graph.files }, dependents };
}

/** `gate`: before the import, the graph just read (and its dependents') must type-check. */
export async function gateTypes(
  records: PluginRegistry,
  typecheck: HostTypecheck,
  loaded: LoadedManifest,
  read: SourceState,
): Promise<void> {
  if (typecheck.modeOf(loaded.manifest) !== "gate") return;
  await typecheck.gate(typecheckRequest(records, typecheck, loaded.manifest.name, read));
}

/** `warn`: the new code serves already; its type errors are reported when the check ends. */
export function warnTypes(
  records: PluginRegistry,
  typecheck: HostTypecheck,
  loaded: LoadedManifest,
  read: SourceState,
  report: (warning: HostEvents["plugin:warning"]) => void,
): void {
  if (typecheck.modeOf(loaded.manifest) !== "warn") return;
  const request = typecheckRequest(records, typecheck, loaded.manifest.name, read);
  void typecheck.warn(request).then((warnings) => {
    for (const warning of warnings) report(warning);
  });
}
