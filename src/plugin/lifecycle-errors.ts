import { join } from "node:path";
import { messageOf } from "../errors/hotplug-error.ts";
import { ReloadError } from "../errors/reload-error.ts";
import { MANIFEST_FILE } from "./manifest/read-manifest.ts";

/** The manager's own failures, worded once: what happened and to which plugin. */
export const lifecycleErrors = {
  nameTaken: (name: string, manifestFile: string, ownerFolder: string) =>
    new ReloadError(`${manifestFile}: name: "${name}" is already used by ${ownerFolder}`, {
      pluginName: name,
      phase: "manifest",
      file: manifestFile,
    }),
  uncaught: (name: string, cause: unknown) =>
    new ReloadError(`${name}: uncaught error while running: ${messageOf(cause)}`, {
      pluginName: name,
      phase: "runtime",
      cause,
    }),
  waitingFor: (name: string, dir: string, missing: readonly string[]) =>
    new ReloadError(`${name}: waiting for ${missing.join(", ")} (dependsOn) to run`, {
      pluginName: name,
      phase: "dependency",
      file: join(dir, MANIFEST_FILE),
    }),
  /** A reload whose manifest now names dependencies that do not run: the old code serves on. */
  notRunning: (name: string, missing: readonly string[]) =>
    new ReloadError(`${name}: dependsOn: ${missing.join(", ")} is not running`, {
      pluginName: name,
      phase: "dependency",
    }),
  dependencyStopped: (name: string, dependency: string) =>
    new ReloadError(`${name}: waiting for ${dependency} (dependsOn) to run again`, {
      pluginName: name,
      phase: "dependency",
    }),
};
