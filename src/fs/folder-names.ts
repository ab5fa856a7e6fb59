import { type Dirent, readdirSync } from "node:fs";
import { sep } from "node:path";
import { escapeBytes } from "./escape-bytes.ts";
import { statQuietly } from "./stat-quietly.ts";

/** A name in a folder that is not valid UTF-8, so no string path can reach it. */
export interface UndecodableName {
  /** The name's bytes. */
  readonly bytes: Uint8Array;
  /** The name with each byte outside valid UTF-8 as `\xNN`: `caf\xe9`. For messages only. */
  readonly shown: string;
  /** A folder, or a link to one. */
  readonly isDirectory: boolean;
}

export interface FolderEntries {
  /** The entries whose names are text; an undecodable one is never among them. */
  readonly entries: Dirent[];
  readonly undecodable: UndecodableName[];
}

const REPLACEMENT = "\uFFFD";
const REPLACEMENT_BYTES = Buffer.from(REPLACEMENT);
const strict = new TextDecoder("utf-8", { fatal: true });

/** Follows links; false for anything it cannot stat. */
const isDirectory = (path: string | Buffer) => statQuietly(path)?.isDirectory() === true;

function decodes(bytes: Uint8Array): boolean {
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Whether the name, as text, is a path that exists: false for a lossy name from readdir. */
const reachable = (prefix: Buffer, bytes: Buffer) =>
  statQuietly(prefix.toString() + bytes.toString()) !== undefined;

/**
 * Reads a folder's entries (`readdirSync` with file types). readdir hands back a name that is
 * not UTF-8 with U+FFFD in place of its bad bytes, a path that does not exist: only when a name
 * holds U+FFFD is the folder read again as bytes (a name may hold a real U+FFFD), and the
 * undecodable names are returned apart, to be reported instead of skipped in silence.
 * Throws what readdir throws.
 */
export function readFolder(dir: string): FolderEntries {
  const entries = readdirSync(dir, { withFileTypes: true });
  if (!entries.some((entry) => entry.name.includes(REPLACEMENT))) {
    return { entries, undecodable: [] };
  }
  const prefix = Buffer.from(dir.endsWith(sep) ? dir : dir + sep);
  const valid = new Set<string>();
  const undecodable: UndecodableName[] = [];
  // Bun ignores withFileTypes for buffer names (1.4.5), so the type comes from a stat.
  for (const bytes of readdirSync(dir, { encoding: "buffer" })) {
    // Deno hands back the lossy name even as bytes (U+FFFD encoded): a name that no string
    // path reaches is undecodable there too, while a real U+FFFD name can be stat'ed.
    if (decodes(bytes) && (!bytes.includes(REPLACEMENT_BYTES) || reachable(prefix, bytes))) {
      valid.add(bytes.toString());
      continue;
    }
    // Where the bytes are lossy (Deno) no stat reaches the entry: readdir's own type tells.
    const isDir =
      isDirectory(Buffer.concat([prefix, bytes])) ||
      entries.some((entry) => entry.name === bytes.toString() && entry.isDirectory());
    undecodable.push({ bytes, shown: escapeBytes(bytes), isDirectory: isDir });
  }
  const named = entries.filter(
    (entry) => !entry.name.includes(REPLACEMENT) || valid.has(entry.name),
  );
  return { entries: named, undecodable };
}

/** readFolder, or no entries for a folder gone or unreadable: nothing below it can be seen. */
export function readFolderQuietly(dir: string): FolderEntries {
  try {
    return readFolder(dir);
  } catch {
    return { entries: [], undecodable: [] };
  }
}

export interface Subfolders {
  /** Names of the folders and links to folders in `dir`, sorted. */
  readonly folders: string[];
  /** Names that are not UTF-8 (files and folders alike), to report by their `shown` form. */
  readonly undecodable: UndecodableName[];
}

/** The subfolders of `dir` (links to folders count, as in a Kubernetes ConfigMap volume). */
export function listSubfolders(dir: string): Subfolders {
  const { entries, undecodable } = readFolder(dir);
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  const folders = entries
    .filter(
      (entry) =>
        entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(prefix + entry.name)),
    )
    .map((entry) => entry.name)
    .sort();
  return { folders, undecodable };
}
