import { mkdir, mkdtemp, realpath, rm, symlink, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MANIFEST_FILE } from "../plugin/manifest/read-manifest.ts";

/** A stand-in's whole module: its API is its config, which the test host sets to the object given. */
const STAND_IN_ENTRY = "export default { setup: (ctx) => ctx.config };\n";

/**
 * The plugins folder of a test host, in the OS temp folder: a link to the plugin under test
 * (its folder stays where it is, and is the one that runs) and one generated in-process plugin
 * per stand-in. `remove()` deletes it all and never follows the link.
 */
export class TestFolder {
  /** The folder's real path: the test host's `dir`. */
  readonly root: string;
  readonly #link: string;

  private constructor(root: string, link: string) {
    this.root = root;
    this.#link = link;
  }

  /** `plugin` is linked as `name`; each of `standIns` becomes a plugin of that name. */
  static async create(
    plugin: { readonly name: string; readonly dir: string },
    standIns: readonly string[],
  ): Promise<TestFolder> {
    const root = await realpath(await mkdtemp(join(tmpdir(), "hotplug-testing-")));
    const folder = new TestFolder(root, join(root, plugin.name));
    try {
      await symlink(plugin.dir, folder.#link, "dir");
      for (const name of standIns) await writeStandIn(join(root, name), name);
    } catch (error) {
      await folder.remove();
      throw error;
    }
    return folder;
  }

  async remove(): Promise<void> {
    await unlink(this.#link).catch(() => undefined);
    await rm(this.root, { recursive: true, force: true });
  }
}

async function writeStandIn(dir: string, name: string): Promise<void> {
  const manifest = {
    name,
    version: "0.0.0",
    description: "A stand-in made by hotplug/testing: its API is the object the test gave",
    // In the host's process whatever the plugin under test uses: a worker plugin reaches it
    // through the host, as it would reach a real dependency.
    isolation: "none",
  };
  await mkdir(dir);
  await writeFile(join(dir, MANIFEST_FILE), JSON.stringify(manifest));
  await writeFile(join(dir, "index.js"), STAND_IN_ENTRY);
}
