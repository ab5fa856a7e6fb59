import { fileURLToPath } from "node:url";

/** A module location without its version query, as a path: `file:///a/b.ts?v=3` -> `/a/b.ts`. */
export function plainSourcePath(location: string): string {
  const bare = location.replace(/\?[^/]*$/, "");
  return bare.startsWith("file:") ? fileURLToPath(bare) : bare;
}
