import { rmSync } from "node:fs";
import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";

// The bench runner is one process: what it started is killed and removed when it exits,
// however it exits.
const children = new Set<Subprocess>();
const dirs = new Set<string>();

function cleanUp(): void {
  for (const child of children) child.kill("SIGKILL");
  children.clear();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs.clear();
}

process.on("exit", cleanUp);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    cleanUp();
    process.exit(130);
  });
}

export function track(child: Subprocess): void {
  children.add(child);
  void child.exited.then(() => children.delete(child));
}

/** A fresh folder under os.tmpdir(), removed by `removeTemp` or at exit. */
export async function makeTemp(prefix: string): Promise<string> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), `hotplug-bench-${prefix}-`)));
  dirs.add(dir);
  return dir;
}

export async function removeTemp(dir: string): Promise<void> {
  dirs.delete(dir);
  await rm(dir, { recursive: true, force: true });
}
