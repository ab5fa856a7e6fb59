import { fileURLToPath } from "node:url";
import { LINK_FOLDER_NAME } from "./deno-link-folders.ts";

// deno-runtime.ts imports each entry through `<tmp>/hotplug-deno-<pid>-XXXXXX/<n>/<real path>`:
// a symlink to `/`. The six characters are mkdtemp's, so no real plugin path looks like this.
const DENO_LINK = new RegExp(String.raw`^.*?/${LINK_FOLDER_NAME}/\d+(?=/)`);

/**
 * The file on disk behind a module location, as every runtime writes it in stacks and
 * messages: without its version query, as a path, and on Deno without the import link:
 * `file:///a/b.ts?v=3` -> `/a/b.ts`, `/tmp/hotplug-deno-42-Ab12Cd/7/a/b.ts` -> `/a/b.ts`.
 */
export function plainSourcePath(location: string): string {
  const bare = location.replace(/\?[^/]*$/, "");
  const path = bare.startsWith("file:") ? fileURLToPath(bare) : bare;
  return path.replace(DENO_LINK, "");
}
