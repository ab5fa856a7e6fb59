import { sep } from "node:path";
import { stackFrames } from "../errors/stack-frames.ts";
import { plainSourcePath } from "../runtime/source-path.ts";
import { type LiveRecord, STACK_FRAMES } from "./live-records.ts";

/** A generation the recorder was told of; also the scope its hooks run in. */
export interface GenerationEntry {
  readonly ledger: PluginLedger;
  readonly plugin: string;
  readonly generation: number;
  readonly files: ReadonlySet<string>;
  /** LiveRecords.mark() when its setup began, and when its stop() had returned. */
  readonly begun: number;
  ended: number | undefined;
}

/** Where something was created: a frame in the plugin's code, absolute path, 1-based. */
export interface Place {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** What a ledger worked out about one record, kept while the record lives. */
interface Owner {
  /** The ledger's `#version` the plugin was decided under: new files can decide it anew. */
  version: number;
  plugin: string | undefined;
  place: Place | undefined;
  entry: GenerationEntry | undefined;
  reported: boolean;
  /** Its frames past the patch that recorded it, innermost first. */
  readonly frames: readonly { file: string; line: number; column: number; fn?: string }[];
  /** Whether hotplug's own code made it: a frame of it past the patch. */
  readonly hostMade: boolean;
  /** Whether the stack reached its outermost frame (not cut at STACK_FRAMES). */
  readonly whole: boolean;
}

// Where hotplug's own code is, as stacks name it: its src/ folder, or the one file of a bundle
// (`build:node`, the compiled binary). A record's innermost frames are always the patch that
// recorded it; a frame of hotplug's code after those means the host made it.
const SELF = plainSourcePath(stackFrames(new Error())[0]?.location ?? "");
const TAIL = `${sep}leftovers${sep}plugin-ledger.ts`;
const OWN = SELF.endsWith(TAIL) ? SELF.slice(0, 1 - TAIL.length) : SELF;
const isOwn = (file: string) => file.startsWith(OWN);

/** A replaced generation's entry is kept this long, for records made around its swap. */
const ENDED_KEPT = 4;

/**
 * Which plugin, and which of its generations, made each record: the plugins one recorder was
 * told of, their generations and files. Worked out only when a report asks, and kept.
 */
export class PluginLedger {
  readonly #sourcePath: (location: string) => string;
  readonly #entries = new Map<string, GenerationEntry[]>();
  readonly #owners = new WeakMap<LiveRecord, Owner>();
  /** file -> the plugins whose known generations import it. */
  #files = new Map<string, Set<string>>();
  #version = 0;

  constructor(sourcePath: (location: string) => string) {
    this.#sourcePath = sourcePath;
  }

  add(entry: Omit<GenerationEntry, "ledger">): GenerationEntry {
    const kept = { ...entry, ledger: this };
    const list = [...(this.#entries.get(entry.plugin) ?? []), kept];
    const ended = list.filter((other) => other.ended !== undefined);
    const dropped = new Set(ended.slice(0, Math.max(0, ended.length - ENDED_KEPT)));
    this.#entries.set(
      entry.plugin,
      list.filter((other) => !dropped.has(other)),
    );
    this.#reindex();
    return kept;
  }

  /** The plugin that made `record`, where, and in which generation (when that is known yet). */
  ownerOf(record: LiveRecord): Readonly<Owner> {
    let owner = this.#owners.get(record);
    if (!owner) {
      const text = record.stack.stack ?? "";
      const all = stackFrames(record.stack).map((frame) => ({
        ...frame,
        file: this.#sourcePath(frame.location),
      }));
      const patch = all.findIndex((frame) => !isOwn(frame.file));
      const frames = patch < 0 ? [] : all.slice(patch);
      const whole = text.split("\n").length - 1 < STACK_FRAMES;
      owner = {
        version: -1,
        plugin: undefined,
        place: undefined,
        entry: undefined,
        reported: false,
        frames,
        hostMade: frames.some((frame) => isOwn(frame.file)),
        whole,
      };
      this.#owners.set(record, owner);
    }
    if (owner.version !== this.#version) {
      const plugin = this.#decide(record, owner);
      if (plugin !== owner.plugin) owner.entry = undefined;
      owner.plugin = plugin;
      owner.version = this.#version;
    }
    if (owner.plugin !== undefined && owner.entry === undefined) {
      owner.entry = this.#generationOf(record, owner, owner.plugin);
    }
    return owner;
  }

  /** A reported record is not reported again (`warn` leaves it running). */
  markReported(record: LiveRecord): void {
    const owner = this.#owners.get(record);
    if (owner) owner.reported = true;
  }

  /**
   * Like uncaught errors (pluginOfError): the innermost frame in a file that exactly one
   * plugin's graph holds. When no frame decides (a file two plugins share, a library), the
   * generation scope the creation ran in does, unless hotplug's own code or only the runtime's
   * internals made it. The place shown is the innermost frame in any plugin's files (a shared
   * helper's line), else the deciding one, else the innermost of all (a library's).
   */
  #decide(record: LiveRecord, owner: Owner): string | undefined {
    const frames = owner.frames;
    const known = frames.find((frame) => this.#files.has(frame.file));
    for (const frame of frames) {
      const names = this.#files.get(frame.file);
      if (names?.size !== 1) continue;
      owner.place = known ?? frame;
      return [...names][0];
    }
    owner.place = known ?? frames[0];
    const scope = record.scope as GenerationEntry | undefined;
    if (scope?.ledger !== this || owner.hostMade || frames.length === 0) return undefined;
    return scope.plugin;
  }

  /**
   * The generation of `plugin` that made `record`: the scope it ran in; for code that ran as a
   * module was evaluated (its outermost frame is a module body), the generation that import
   * was for, the next to begin; else the one live then, the newer of two in an overlap swap
   * (so `clear` never takes what the serving generation made), or the next to begin.
   */
  #generationOf(record: LiveRecord, owner: Owner, plugin: string): GenerationEntry | undefined {
    const entries = this.#entries.get(plugin) ?? [];
    const scope = record.scope as GenerationEntry | undefined;
    if (scope?.ledger === this && scope.plugin === plugin) return scope;
    const next = entries.find((entry) => entry.begun > record.seq);
    const outermost = owner.frames.at(-1);
    const imported =
      owner.whole &&
      outermost?.fn === undefined &&
      outermost !== undefined &&
      this.#files.get(outermost.file)?.has(plugin);
    if (imported) return next;
    const live = entries.filter(
      (entry) =>
        entry.begun < record.seq && (entry.ended === undefined || entry.ended > record.seq),
    );
    return live.at(-1) ?? next;
  }

  #reindex(): void {
    const files = new Map<string, Set<string>>();
    for (const [plugin, entries] of this.#entries) {
      for (const entry of entries) {
        for (const file of entry.files) files.set(file, (files.get(file) ?? new Set()).add(plugin));
      }
    }
    this.#files = files;
    this.#version++;
  }
}
