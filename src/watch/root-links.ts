import { lstatSync, readlinkSync } from "node:fs";
import { dirname, isAbsolute, join, parse, resolve } from "node:path";

/** Where a root really is, and which links lead there. */
export interface ResolvedRoot {
  /** The root's real path (what realpath returns). */
  readonly real: string;
  /**
   * Real folder -> the names in it that are links on the way to the root. Re-pointing any of
   * them (`ln -s releases/2 current.tmp && mv -T current.tmp current`) moves the root.
   */
  readonly links: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Linux's MAXSYMLINKS: more links than this on one path is a loop. */
const MAX_LINKS = 40;

const components = (path: string) => path.split(/[\\/]/).filter((c) => c !== "" && c !== ".");

/**
 * realpath, one component at a time, noting every link it follows. Throws like lstat
 * (ENOENT when a component is missing) and ELOOP after MAX_LINKS links.
 */
export function resolveRoot(path: string): ResolvedRoot {
  const absolute = resolve(path);
  let real = parse(absolute).root;
  const rest = components(absolute.slice(real.length));
  const links = new Map<string, Set<string>>();
  let followed = 0;
  for (let name = rest.shift(); name !== undefined; name = rest.shift()) {
    if (name === "..") {
      real = dirname(real);
      continue;
    }
    const next = join(real, name);
    if (!lstatSync(next).isSymbolicLink()) {
      real = next;
      continue;
    }
    if (++followed > MAX_LINKS) {
      throw Object.assign(new Error(`ELOOP: too many symbolic links in ${path}`), {
        code: "ELOOP",
      });
    }
    const names = links.get(real) ?? new Set<string>();
    links.set(real, names.add(name));
    const target = readlinkSync(next);
    if (isAbsolute(target)) real = parse(target).root;
    rest.unshift(...components(target));
  }
  return { real, links };
}
