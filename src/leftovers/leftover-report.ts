import { eventPath, type PathContext, shownPath } from "../errors/shown-path.ts";
import { codeFrame, sourceLine } from "../errors/source-location.ts";
import type { LeftoverKind } from "./live-records.ts";

/** One creating line and what it made there; `file` is absolute, absent when no frame showed. */
export interface LeftoverPlace {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** The event listened for (`"SIGHUP"`), the address served (`http://127.0.0.1:3000/`). */
  readonly what?: string;
  readonly count: number;
}

export interface LeftoverGroup {
  readonly kind: LeftoverKind;
  readonly count: number;
  /** Most made first. */
  readonly places: readonly LeftoverPlace[];
}

/**
 * What one generation left when its stop() had returned: plain data, so a worker sends it to
 * the host as it is. No groups: it left nothing.
 */
export interface LeftoverReport {
  readonly plugin: string;
  readonly generation: number;
  /** `clear`: what is listed was then cleared, removed or closed; `warn`: it still runs. */
  readonly mode: "clear" | "warn";
  readonly groups: readonly LeftoverGroup[];
}

/** The `plugin:warning` event a group maps to (DESIGN.md, Events). */
export interface LeftoverWarning {
  readonly plugin: string;
  readonly kind: "leftovers";
  readonly message: string;
  /** Relative to host:ready's `dir`, with `/` separators. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly frame?: string;
}

/** Report order, and how a line names each kind: [one, many, what clear did]. */
const WORDS: Record<LeftoverKind, readonly [string, string, string]> = {
  interval: ["interval running", "intervals running", "cleared"],
  timeout: ["timeout pending", "timeouts pending", "cleared"],
  immediate: ["immediate pending", "immediates pending", "cleared"],
  "process-listener": ["process listener", "process listeners", "removed"],
  "global-listener": ["global event listener", "global event listeners", "removed"],
  server: ["server listening", "servers listening", "closed"],
};
const KINDS = Object.keys(WORDS) as LeftoverKind[];
const MAX_PLACES = 3;

/** Groups what a generation left by kind, then by creating line and what. */
export function groupLeftovers(
  items: Iterable<{ kind: LeftoverKind; place: Omit<LeftoverPlace, "count"> }>,
): LeftoverGroup[] {
  const byKind = new Map<LeftoverKind, Map<string, LeftoverPlace>>();
  for (const { kind, place } of items) {
    const places = byKind.get(kind) ?? new Map<string, LeftoverPlace>();
    byKind.set(kind, places);
    const key = `${place.file}:${place.line}:${place.column}\0${place.what}`;
    places.set(key, { ...place, count: (places.get(key)?.count ?? 0) + 1 });
  }
  return KINDS.filter((kind) => byKind.has(kind)).map((kind) => {
    const places = [...(byKind.get(kind) as Map<string, LeftoverPlace>).values()];
    places.sort((a, b) => b.count - a.count);
    return { kind, count: places.reduce((sum, place) => sum + place.count, 0), places };
  });
}

/**
 * One line per kind, paths relative to `cwd` when inside it, as the human log shows them:
 * `greeter generation 3 left 1 interval running (plugins/greeter/index.ts:12:3); cleared it`.
 */
export function leftoverLines(report: LeftoverReport, cwd: string): string[] {
  return report.groups.map((group) => leftoverLine(report, group, cwd));
}

function leftoverLine(report: LeftoverReport, group: LeftoverGroup, cwd: string): string {
  const [one, many, done] = WORDS[group.kind];
  const places = group.places.slice(0, MAX_PLACES).map((place) => {
    const at =
      place.file === undefined
        ? undefined
        : `${shownPath(place.file, cwd)}:${place.line}:${place.column}`;
    const text = [place.what, at].filter(Boolean).join(" at ") || "outside its files";
    return place.count > 1 ? `${text} x${place.count}` : text;
  });
  const more = group.places.length - places.length;
  if (more > 0) places.push(`and ${more} more place${more > 1 ? "s" : ""}`);
  const what = `${group.count} ${group.count === 1 ? one : many} (${places.join(", ")})`;
  const tail = report.mode === "clear" ? `; ${done} ${group.count === 1 ? "it" : "them"}` : "";
  return `${report.plugin} generation ${report.generation} left ${what}${tail}`;
}

/**
 * The `plugin:warning` events of a report, one per kind, pointing at its most used place:
 * `file` as events name it (relative to the plugins folder), the message's paths as people
 * read them (relative to the working directory), like every other event.
 */
export function leftoverWarnings(report: LeftoverReport, paths: PathContext): LeftoverWarning[] {
  return report.groups.map((group) => {
    const message = leftoverLine(report, group, paths.cwd);
    const place = group.places[0];
    if (place?.file === undefined || place.line === undefined || place.column === undefined) {
      return { plugin: report.plugin, kind: "leftovers", message };
    }
    const lineText = sourceLine(place.file, place.line);
    const frame = codeFrame({ file: place.file, line: place.line, column: place.column, lineText });
    return {
      plugin: report.plugin,
      kind: "leftovers",
      message,
      file: eventPath(paths.root, place.file),
      line: place.line,
      column: place.column,
      ...(frame ? { frame } : {}),
    };
  });
}
