/**
 * Editors' swap, backup and probe files (vim's, emacs's, JetBrains' safe write), folders
 * nobody edits plugins in, and the tests beside plugins. A pattern without "/" names a file or
 * folder at any depth, as in .gitignore.
 */
export const DEFAULT_EXCLUDES: readonly string[] = Object.freeze([
  "node_modules",
  ".git",
  "*.swp",
  "*.swx",
  "*~",
  ".#*",
  "4913",
  "*.tmp",
  "*___jb_tmp___",
  "*___jb_old___",
  // Not part of a plugin (no entry imports them): saving a test, or bun test writing its
  // snapshots, must not reload the plugin as a changed data file in its folder would.
  "*.test.*",
  "*.spec.*",
  "__snapshots__",
]);

export interface PathFilterOptions {
  include?: readonly string[];
  /** Added to DEFAULT_EXCLUDES, never replacing them. */
  exclude?: readonly string[];
}

/** Paths are relative to the watched root, with "/" separators. */
export interface PathRules {
  /** A file is reported when nothing excludes it or a folder above it, and include allows it. */
  accepts(relPath: string): boolean;
  /** A folder is not descended into when it or a folder above it is excluded. */
  prunes(relDir: string): boolean;
}

const SPECIAL = /[.*?+^$()[\]{}|\\/]/;

function escapeChar(c: string): string {
  return SPECIAL.test(c) ? `\\${c}` : c;
}

/** Returns the regexp source of a `[...]` class at `start` and the index of its `]`. */
function charClass(glob: string, start: number): [string, number] | undefined {
  let i = start + 1;
  const negate = glob[i] === "!" || glob[i] === "^";
  if (negate) i++;
  // A "]" right after "[" or "[!" is a member, not the end.
  const end = glob.indexOf("]", glob[i] === "]" ? i + 1 : i);
  if (end === -1) return undefined;
  const body = glob.slice(i, end).replace(/[\\^\]]/g, "\\$&");
  // A negated class must still stop at "/", or it would cross a path segment.
  return [negate ? `[^/${body}]` : `[${body}]`, end];
}

/** Compiles `*`, `**`, `?`, `{a,b}` and `[...]` into an anchored RegExp. */
export function globToRegExp(glob: string): RegExp {
  let out = "";
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === "*" && glob[i + 1] === "*") {
      const atSegmentStart = i === 0 || glob[i - 1] === "/";
      if (atSegmentStart && glob[i + 2] === "/") {
        out += "(?:.*/)?";
        i += 2;
      } else {
        out += atSegmentStart && i + 2 === glob.length ? ".*" : "[^/]*";
        i += 1;
      }
    } else if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "[") {
      const cls = charClass(glob, i);
      out += cls ? cls[0] : "\\[";
      i = cls ? cls[1] : i;
    } else if (c === "{") {
      depth++;
      out += "(?:";
    } else if (c === "}" && depth > 0) {
      depth--;
      out += ")";
    } else if (c === "," && depth > 0) out += "|";
    else if (c === "\\" && i + 1 < glob.length) out += escapeChar(glob[++i] as string);
    else out += escapeChar(c);
  }
  if (depth > 0) throw new TypeError(`Cannot compile glob "${glob}": unclosed "{"`);
  return new RegExp(`^${out}$`);
}

interface Matcher {
  re: RegExp;
  basenameOnly: boolean;
}

function compile(pattern: string): Matcher {
  const p = pattern.replace(/^\.?\//, "").replace(/\/+$/, "");
  return { re: globToRegExp(p), basenameOnly: !p.includes("/") };
}

function matches(m: Matcher, relPath: string): boolean {
  return m.re.test(m.basenameOnly ? relPath.slice(relPath.lastIndexOf("/") + 1) : relPath);
}

export function createPathRules({ include = [], exclude = [] }: PathFilterOptions): PathRules {
  const inc = include.map(compile);
  const exc = [...DEFAULT_EXCLUDES, ...exclude].map(compile);
  const prunes = (relPath: string): boolean => {
    for (let end = relPath.indexOf("/"); ; end = relPath.indexOf("/", end + 1)) {
      const prefix = end === -1 ? relPath : relPath.slice(0, end);
      if (exc.some((m) => matches(m, prefix))) return true;
      if (end === -1) return false;
    }
  };
  return {
    prunes,
    accepts: (relPath) =>
      !prunes(relPath) && (inc.length === 0 || inc.some((m) => matches(m, relPath))),
  };
}

export function createPathFilter(options: PathFilterOptions): (relPath: string) => boolean {
  const rules = createPathRules(options);
  return (relPath) => rules.accepts(relPath);
}
