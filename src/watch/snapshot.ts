import type { Stats } from "node:fs";
import { lstat, readdir, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { FileEventType } from "./file-event.ts";
import type { PathRules } from "./glob.ts";

/** What identifies a version of a file without reading it. */
export interface FileStat {
  readonly ino: number;
  readonly mtimeMs: number;
  readonly size: number;
}

/** Absolute path -> stat, for the files the rules accept. */
export type Snapshot = Map<string, FileStat>;

export interface Change {
  type: FileEventType;
  path: string;
  oldPath?: string;
}

function toRel(root: string, abs: string): string {
  const rel = relative(root, abs);
  return sep === "/" ? rel : rel.split(sep).join("/");
}

async function statOrUndefined(abs: string, follow: boolean): Promise<Stats | undefined> {
  try {
    return await (follow ? stat(abs) : lstat(abs));
  } catch {
    // Vanished between readdir and stat, or unreadable: either way not a file we can report.
    return undefined;
  }
}

async function visit(root: string, rules: PathRules, abs: string, out: Snapshot): Promise<void> {
  const link = await statOrUndefined(abs, false);
  // Symlinked folders are not followed: a link to an ancestor would loop forever.
  const st = link?.isSymbolicLink() ? await statOrUndefined(abs, true) : link;
  if (!st) return;
  const rel = toRel(root, abs);
  if (st.isDirectory() && (abs === root || !link?.isSymbolicLink())) {
    if (rel !== "" && rules.prunes(rel)) return;
    const names = await readdir(abs).catch(() => [] as string[]);
    for (const name of names) await visit(root, rules, join(abs, name), out);
  } else if (st.isFile() && rel !== "" && rules.accepts(rel)) {
    out.set(abs, { ino: st.ino, mtimeMs: st.mtimeMs, size: st.size });
  }
}

/**
 * Snapshots the files at or below `abs` (a file or a folder inside `root`), skipping excluded
 * folders instead of walking them. Undefined when `abs` does not exist.
 */
export async function readTree(
  root: string,
  rules: PathRules,
  abs: string = root,
): Promise<Snapshot | undefined> {
  if (!(await statOrUndefined(abs, false))) return undefined;
  const out: Snapshot = new Map();
  await visit(root, rules, abs, out);
  return out;
}

/** The entries of `snapshot` at `abs` or below it. */
export function subtree(snapshot: Snapshot, abs: string): Snapshot {
  const out: Snapshot = new Map();
  const prefix = abs.endsWith(sep) ? abs : abs + sep;
  for (const [path, st] of snapshot) {
    if (path === abs || path.startsWith(prefix)) out.set(path, st);
  }
  return out;
}

function sameFile(a: FileStat, b: FileStat): boolean {
  return a.ino === b.ino && a.mtimeMs === b.mtimeMs && a.size === b.size;
}

/**
 * The one place where two states of a tree become events. A new inode at a known path (an
 * atomic save) is a modification. With `detectRenames`, a path that disappeared and one that
 * appeared holding the same, untouched inode are one rename; requiring the same mtime and size
 * too keeps a reused inode number from passing for a rename.
 */
export function diffSnapshots(prev: Snapshot, next: Snapshot, detectRenames: boolean): Change[] {
  const deleted = [...prev.keys()].filter((path) => !next.has(path));
  const created: string[] = [];
  const modified: Change[] = [];
  for (const [path, st] of next) {
    const old = prev.get(path);
    if (!old) created.push(path);
    else if (!sameFile(old, st)) modified.push({ type: "modified", path });
  }
  const renamed: Change[] = [];
  if (detectRenames && deleted.length > 0 && created.length > 0) {
    const byIno = new Map(deleted.map((path) => [prev.get(path)?.ino, path]));
    for (const path of created) {
      const st = next.get(path) as FileStat;
      const oldPath = byIno.get(st.ino);
      const old = oldPath === undefined ? undefined : prev.get(oldPath);
      if (oldPath === undefined || !old || !sameFile(old, st)) continue;
      byIno.delete(st.ino);
      renamed.push({ type: "renamed", path, oldPath });
    }
  }
  const gone = new Set(renamed.map((c) => c.oldPath));
  const arrived = new Set(renamed.map((c) => c.path));
  return [
    ...deleted.filter((p) => !gone.has(p)).map((path): Change => ({ type: "deleted", path })),
    ...renamed,
    ...created.filter((p) => !arrived.has(p)).map((path): Change => ({ type: "created", path })),
    ...modified,
  ];
}
