import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** What a test plugin folder holds; manifest objects are written as JSON. */
export interface PluginFolder {
  readonly manifest?: string | Uint8Array | Record<string, unknown> | unknown[];
  /** Relative path -> content. Defaults to an `index.ts` so the entry resolves. */
  readonly files?: Record<string, string>;
  /** Relative link path -> target; `$OUT` in a target stands for a folder outside the plugin. */
  readonly symlinks?: Record<string, string>;
}

/** A real temp tree: `root/plugins/<name>/` plus `root/outside/`, removed by `cleanup()`. */
export class TempPlugins {
  private constructor(readonly root: string) {}

  static async create(): Promise<TempPlugins> {
    const root = await realpath(await mkdtemp(path.join(tmpdir(), "hotplug-manifest-")));
    await mkdir(path.join(root, "outside"), { recursive: true });
    await writeFile(path.join(root, "outside", "evil.ts"), "export default {};\n");
    return new TempPlugins(root);
  }

  get outside(): string {
    return path.join(this.root, "outside");
  }

  /** Builds `plugins/<name>` and returns its absolute path. */
  async plugin(name: string, folder: PluginFolder): Promise<string> {
    const dir = path.join(this.root, "plugins", name);
    await mkdir(dir, { recursive: true });
    const { manifest, files = { "index.ts": "export default {};\n" }, symlinks = {} } = folder;
    if (manifest !== undefined) {
      const content =
        typeof manifest === "string" || manifest instanceof Uint8Array
          ? manifest
          : JSON.stringify(manifest, null, 2);
      await writeFile(path.join(dir, "plugin.json"), content);
    }
    for (const [file, content] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), content);
    }
    for (const [link, target] of Object.entries(symlinks)) {
      await mkdir(path.dirname(path.join(dir, link)), { recursive: true });
      await symlink(target.replace("$OUT", this.outside), path.join(dir, link));
    }
    return dir;
  }

  async cleanup(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}
