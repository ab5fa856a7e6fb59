import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A fresh real folder; realpath so event paths compare equal where tmpdir is a symlink. */
export function makeTempRoot(): string {
  return realpathSync(mkdtempSync(join(tmpdir(), "hotplug-watch-")));
}

export function removeTempRoot(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/** Writes `content` to `root/rel`, creating the folders on the way. */
export function write(root: string, rel: string, content: string): string {
  const file = join(root, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}
