import { sep } from "node:path";
import type { FileStat } from "../fs/file-stat.ts";
import type { PathRules } from "./glob.ts";

/**
 * Which paths under a watched root count, by their path relative to it: the include and
 * exclude rules, and whether folders below the root are walked at all.
 */
export class TreeRules {
  readonly #root: string;
  readonly #prefix: string;
  readonly #recursive: boolean;
  readonly rules: PathRules;

  constructor(root: string, rules: PathRules, recursive: boolean) {
    this.#root = root;
    this.#prefix = root.endsWith(sep) ? root : root + sep;
    this.rules = rules;
    this.#recursive = recursive;
  }

  /** `abs` relative to the root, with `/` between names on every platform ("" for the root). */
  rel(abs: string): string {
    const rel = abs === this.#root ? "" : abs.slice(this.#prefix.length);
    return sep === "/" ? rel : rel.split(sep).join("/");
  }

  /** Whether the folder `rel` is left out: excluded, or below the root of a flat tree. */
  skips(rel: string): boolean {
    return !this.#recursive || this.rules.prunes(rel);
  }

  /**
   * Whether the rules take `rel` as a file. A record without a target is a file they took, and
   * they never change; a link's record only passed `prunes`, so it proves nothing.
   */
  accepts(rel: string, old: FileStat | undefined): boolean {
    return (old !== undefined && old.target === undefined) || this.rules.accepts(rel);
  }
}
