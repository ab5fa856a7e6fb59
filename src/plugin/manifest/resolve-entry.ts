import { existsSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { fileKind } from "../../fs/file-kind.ts";
import { ManifestError } from "./manifest-error.ts";

/** Tried in order when plugin.json names no `entry`. */
export const DEFAULT_ENTRIES = ["index.ts", "index.js"] as const;

/**
 * The absolute real path of a plugin's entry module, which must stay inside `dir` (itself a
 * real path) both as written and after following symlinks: a plugin folder copied elsewhere
 * must not quietly run code from outside it.
 */
export function resolveEntry(dir: string, entry: string | undefined, file: string): string {
  if (entry !== undefined) return resolveInside(dir, entry, file);
  for (const candidate of DEFAULT_ENTRIES) {
    if (existsSync(path.join(dir, candidate))) return resolveInside(dir, candidate, file);
  }
  throw new ManifestError(
    "MANIFEST_ENTRY_MISSING",
    `no "entry" given and neither ${DEFAULT_ENTRIES.join(" nor ")} exists in ${dir}`,
    { file, field: "entry" },
  );
}

// Synchronous like readManifest: small local lookups on every reload (see read-manifest.ts).
function resolveInside(dir: string, entry: string, file: string): string {
  const escapes = (problem: string) =>
    new ManifestError("MANIFEST_ENTRY_ESCAPES", problem, { file, field: "entry" });
  // Both flavours, so `C:\x.ts` is refused on Linux too: the folder may be shared.
  if (path.posix.isAbsolute(entry) || path.win32.isAbsolute(entry)) {
    throw escapes(`must be a path relative to the plugin folder, got ${JSON.stringify(entry)}`);
  }
  const written = path.resolve(dir, entry);
  if (!isInside(dir, written)) {
    throw escapes(`${JSON.stringify(entry)} leads outside the plugin folder`);
  }
  let real: string;
  try {
    real = realpathSync(written);
  } catch (cause) {
    throw new ManifestError(
      "MANIFEST_ENTRY_MISSING",
      `entry file ${JSON.stringify(entry)} not found in ${dir}`,
      { file, field: "entry", cause },
    );
  }
  if (!isInside(dir, real)) {
    throw escapes(`${JSON.stringify(entry)} is a symlink to ${real}, outside the plugin folder`);
  }
  const info = statSync(real);
  if (!info.isFile()) {
    const what = `${JSON.stringify(entry)} is not a file (${fileKind(info)})`;
    throw new ManifestError("MANIFEST_ENTRY_MISSING", what, {
      file,
      field: "entry",
    });
  }
  return real;
}

function isInside(dir: string, target: string): boolean {
  const rel = path.relative(dir, target);
  return rel !== "" && rel !== ".." && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}
