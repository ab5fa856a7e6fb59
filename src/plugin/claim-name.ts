import { shownPath } from "../errors/shown-path.ts";
import { realpathQuietly } from "../fs/stat-quietly.ts";
import { hasManifest } from "./discover-plugins.ts";
import { lifecycleErrors as errors } from "./lifecycle-errors.ts";
import type { LoadedManifest } from "./manifest/read-manifest.ts";
import type { PluginLifecycle } from "./plugin-lifecycle.ts";
import { newRecord, type PluginRecord } from "./plugin-record.ts";

/**
 * Settles which plugin the manifest just read in `dir` is, before it loads there. A folder
 * whose manifest now names another plugin lets its old one go; a plugin whose old folder is
 * gone (the folder was renamed) moves here; a name another folder still holds is refused, and
 * "taken" said. Otherwise the record already loaded from this folder under this name, if any.
 */
export async function claimName(
  lifecycle: PluginLifecycle,
  dir: string,
  record: PluginRecord | undefined,
  loaded: LoadedManifest,
  cwd: string,
): Promise<{ readonly record: PluginRecord | undefined } | "taken"> {
  const { name } = loaded.manifest;
  if (record && record.name !== name) {
    await lifecycle.unload(record.name, "deleted");
    record = undefined;
  }
  const clash = lifecycle.records.get(name);
  if (!clash || clash.dir === dir) return { record };
  if (!hasManifest(clash.dir)) {
    await lifecycle.unload(clash.name, "deleted");
    return { record };
  }
  const owner = shownPath(realpathQuietly(clash.dir) ?? clash.dir, cwd);
  lifecycle.reports.fail(
    record ?? newRecord(name, dir),
    errors.nameTaken(name, loaded.file, owner),
  );
  return "taken";
}
