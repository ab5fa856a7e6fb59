import { closeSync, openSync, readSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { messageOf } from "../../errors/hotplug-error.ts";
import { contentDigest } from "../../fs/content-digest.ts";
import { fileKind } from "../../fs/file-kind.ts";
import { decodeUtf8 } from "./decode-utf8.ts";
import { locateJsonError } from "./locate-json-error.ts";
import { ManifestError } from "./manifest-error.ts";
import type { Manifest } from "./manifest-schema.ts";
import { resolveEntry } from "./resolve-entry.ts";
import { validateManifest } from "./validate-manifest.ts";

export const MANIFEST_FILE = "plugin.json";
/** Far above any real manifest; the point is that a stray huge file is refused unread. */
export const MANIFEST_MAX_BYTES = 256 * 1024;

export interface LoadedManifest {
  readonly manifest: Manifest;
  /** The plugin folder as found in the plugins folder: absolute, symlinks not resolved. */
  readonly slot: string;
  /** The plugin folder: absolute, symlinks resolved. */
  readonly dir: string;
  /** The manifest path as messages show it: `displayPath`, else the absolute path. */
  readonly file: string;
  /** The entry module: absolute, symlinks resolved, inside `dir`. */
  readonly entryPath: string;
  /** The manifest file read: `<dir>/plugin.json`. */
  readonly path: string;
  /** Digest of the manifest's bytes as read. */
  readonly digest: string;
}

export interface ReadManifestOptions {
  /** How to name the file in messages, e.g. `plugins/greeter/plugin.json`. */
  readonly displayPath?: string;
}

/**
 * Reads, decodes, parses and validates `<pluginDir>/plugin.json` and resolves its entry.
 * Every failure is a `ManifestError` that names the file and the field (or line:column).
 */
export async function readManifest(
  pluginDir: string,
  opts: ReadManifestOptions = {},
): Promise<LoadedManifest> {
  const absolute = path.resolve(pluginDir, MANIFEST_FILE);
  const file = opts.displayPath ?? absolute;
  const dir = realDir(pluginDir, file);
  const manifestPath = path.join(dir, MANIFEST_FILE);
  const bytes = readBounded(manifestPath, file);

  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    const { line, column, problem } = decoded;
    throw new ManifestError("MANIFEST_NOT_UTF8", problem, { file, line, column });
  }
  const manifest = validateManifest(parseJson(decoded.text, file), file);
  const entryPath = resolveEntry(dir, manifest.entry, file);
  const slot = path.resolve(pluginDir);
  return { manifest, slot, dir, file, entryPath, path: manifestPath, digest: contentDigest(bytes) };
}

function realDir(pluginDir: string, file: string): string {
  try {
    return realpathSync(path.resolve(pluginDir));
  } catch (cause) {
    throw fsError(cause, file);
  }
}

/**
 * Stats first so an oversized file is refused unread, then never reads past the limit.
 * Synchronous on purpose: a manifest is a small local file read on every reload, and on Bun a
 * promise-based fs call costs 20-40 us where a synchronous one costs 2-6 us.
 */
function readBounded(target: string, file: string): Uint8Array {
  let fd: number | undefined;
  try {
    // stat before open: opening a FIFO named plugin.json would block until a writer came.
    const info = statSync(target);
    if (!info.isFile()) {
      throw new ManifestError("MANIFEST_NOT_FOUND", `expected a file, found ${fileKind(info)}`, {
        file,
      });
    }
    if (info.size > MANIFEST_MAX_BYTES) throw tooLarge(info.size, file);
    fd = openSync(target, "r");
    // The file may grow between stat and read: read at most one byte over the limit to tell.
    const buffer = new Uint8Array(MANIFEST_MAX_BYTES + 1);
    let length = 0;
    for (;;) {
      const bytesRead = readSync(fd, buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > MANIFEST_MAX_BYTES) throw tooLarge(length, file);
    }
    return buffer.subarray(0, length);
  } catch (cause) {
    throw cause instanceof ManifestError ? cause : fsError(cause, file);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function tooLarge(size: number, file: string): ManifestError {
  const kib = (size / 1024).toFixed(1);
  return new ManifestError(
    "MANIFEST_TOO_LARGE",
    `file is ${kib} KiB (${size} bytes), over the ${MANIFEST_MAX_BYTES / 1024} KiB limit`,
    { file },
  );
}

function fsError(cause: unknown, file: string): ManifestError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT" || code === "ENOTDIR") {
    return new ManifestError("MANIFEST_NOT_FOUND", "file not found", { file, cause });
  }
  const reason = messageOf(cause);
  return new ManifestError("MANIFEST_UNREADABLE", `cannot read: ${reason}`, { file, cause });
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    const where = locateJsonError(text);
    const problem = where?.problem ?? `invalid JSON: ${(cause as Error).message}`;
    throw new ManifestError("MANIFEST_SYNTAX", problem, {
      file,
      line: where?.line,
      column: where?.column,
      cause,
    });
  }
}
