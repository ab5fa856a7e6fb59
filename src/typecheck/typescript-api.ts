import { pathToFileURL } from "node:url";
import type { Runtime } from "../runtime/runtime.ts";
import { installed } from "./project-config.ts";

/** TypeScript 7's API, as hotplug uses it: the native compiler behind a JSON-RPC client. */
export type TypescriptApi = typeof import("typescript/unstable/async");

/** The module the checker drives, and where it came from (for the log). */
export interface LoadedTypescript {
  readonly api: TypescriptApi;
  /** The file it was imported from, or "hotplug's own" when the project has none of its own. */
  readonly from: string;
}

const SPECIFIER = "typescript/unstable/async";

/**
 * The project's own `typescript` when it has one with the native API (7 or later), so the
 * check agrees with the project's own `tsc`; else the one hotplug depends on. A project's
 * TypeScript 5 has no such API: hotplug's is used then.
 */
export async function loadTypescript(
  root: string,
  runtime: Runtime,
  /** hotplug's own API, by its specifier (a test names one that is missing). */
  bundled = SPECIFIER,
): Promise<LoadedTypescript> {
  const own = runtime.resolve(SPECIFIER, root);
  if (own && installed(own)) {
    try {
      return { api: (await import(pathToFileURL(own).href)) as TypescriptApi, from: own };
    } catch {
      // an unusable install: hotplug's own is still a check
    }
  }
  try {
    return { api: await import(bundled), from: "hotplug's own" };
  } catch (error) {
    // The compiled binary carries no compiler: the project brings its own.
    throw new Error(
      `no TypeScript 7 to check with (${(error as Error).message}): install it in the project, e.g. \`bun add -d typescript@7\``,
      { cause: error },
    );
  }
}
