import { hasDir } from "../plugin/discover-plugins.ts";
import { UsageError } from "./usage-error.ts";

/** A missing plugins folder is a mistake in the call (exit 2), named, not a stack trace. */
export async function requirePluginsDir(dir: string, command: string): Promise<void> {
  if (await hasDir(dir)) return;
  throw new UsageError(
    `plugins folder not found: ${dir} (create it, or pass the folder: hotplug ${command} <dir>)`,
  );
}
