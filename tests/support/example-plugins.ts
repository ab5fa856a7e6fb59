import { cp, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { REPO } from "./cli-process.ts";
import { freePort } from "./free-port.ts";

/**
 * A copy of plugins.example in `work/plugins`, its packages linked from this repository (a
 * plugin brings its own: greeter's config schema uses valibot), and `web` moved to a free
 * port, so a `bun run dev` left open elsewhere does not fail the test. Returns web's port.
 */
export async function copyExamples(work: string): Promise<number> {
  await cp(join(REPO, "plugins.example"), join(work, "plugins"), { recursive: true });
  await symlink(join(REPO, "node_modules"), join(work, "node_modules"));
  const port = await freePort();
  const manifest = join(work, "plugins", "web", "plugin.json");
  const web = JSON.parse(await readFile(manifest, "utf8")) as Record<string, unknown>;
  await writeFile(manifest, JSON.stringify({ ...web, listen: port }, null, 2));
  return port;
}
