import type { FolderEntries } from "../fs/folder-names.ts";
import type { PathRules } from "./glob.ts";

/** A name under the root that is not valid UTF-8, shown with its bad bytes as `\xNN`. */
export interface UndecodablePath {
  /** Absolute. */
  readonly path: string;
  /** Relative to the root, with "/" separators. */
  readonly rel: string;
  readonly isDirectory: boolean;
}

/**
 * The undecodable names of one folder listing (`prefix`: the folder's path and a separator;
 * `relPrefix`: the same relative to the root), only those the rules would have watched:
 * `caf\xe9.swp` is excluded like any swap file.
 */
export function undecodablePaths(
  listing: FolderEntries,
  prefix: string,
  relPrefix: string,
  rules: PathRules,
): UndecodablePath[] {
  const out: UndecodablePath[] = [];
  for (const { shown, isDirectory } of listing.undecodable) {
    const rel = relPrefix + shown;
    if (isDirectory ? rules.prunes(rel) : !rules.accepts(rel)) continue;
    out.push({ path: prefix + shown, rel, isDirectory });
  }
  return out;
}
