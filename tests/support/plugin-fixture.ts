import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface PluginSpec {
  readonly name: string;
  readonly version?: string;
  readonly dependsOn?: string[];
  readonly config?: Record<string, unknown>;
  readonly enabled?: boolean;
  /** Extra manifest fields, or overrides. */
  readonly manifest?: Record<string, unknown>;
  /** Files of the plugin folder by relative path; `index.ts` is the entry. */
  readonly files: Record<string, string>;
}

/** A real plugins folder in the OS temp dir; `dispose()` removes it. */
export class PluginsDir {
  readonly root: string;

  private constructor(root: string) {
    this.root = root;
  }

  static async create(): Promise<PluginsDir> {
    const base = await realpath(await mkdtemp(join(tmpdir(), "hotplug-test-")));
    const root = join(base, "plugins");
    await mkdir(root);
    return new PluginsDir(root);
  }

  path(...parts: string[]): string {
    return join(this.root, ...parts);
  }

  async write(relative: string, content: string): Promise<string> {
    const file = this.path(relative);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, content);
    return file;
  }

  async plugin(spec: PluginSpec, folder = spec.name): Promise<string> {
    const manifest = {
      name: spec.name,
      version: spec.version ?? "1.0.0",
      ...(spec.dependsOn ? { dependsOn: spec.dependsOn } : {}),
      ...(spec.config ? { config: spec.config } : {}),
      ...(spec.enabled === undefined ? {} : { enabled: spec.enabled }),
      ...spec.manifest,
    };
    await this.write(join(folder, "plugin.json"), JSON.stringify(manifest, null, 2));
    for (const [file, content] of Object.entries(spec.files)) {
      await this.write(join(folder, file), content);
    }
    return this.path(folder);
  }

  async dispose(): Promise<void> {
    await rm(dirname(this.root), { recursive: true, force: true });
  }
}

/** A plugin entry whose API answers `hello()` with `text`, counting starts in its state. */
export const helloPlugin = (text: string) => `
export default {
  setup(ctx) {
    return { hello: () => ${JSON.stringify(text)}, generation: ctx.generation };
  },
  stop(ctx) {
    return { starts: (ctx.state?.starts ?? 0) + 1 };
  },
};
`;

/**
 * Module source of a Standard Schema without a library (a temp plugins folder has no
 * node_modules): `config.greeting` must be a string.
 */
export const greetingSchema = `{
  "~standard": {
    version: 1,
    vendor: "test",
    validate: (value) =>
      typeof value?.greeting === "string"
        ? { value }
        : { issues: [{ message: "expected a string", path: ["greeting"] }] },
  },
}`;

/**
 * A release folder for deploy tests (`releases/N`, a ConfigMap's `..<timestamp>`): at `root`,
 * one plugin per `{ name: text }`, each a plugin.json and an index.ts of `entry(text)`.
 */
export async function writeRelease(
  root: string,
  plugins: Record<string, string>,
  entry: (text: string) => string = helloPlugin,
): Promise<string> {
  for (const [name, text] of Object.entries(plugins)) {
    await mkdir(join(root, name), { recursive: true });
    await writeFile(join(root, name, "plugin.json"), JSON.stringify({ name, version: "1.0.0" }));
    await writeFile(join(root, name, "index.ts"), entry(text));
  }
  return root;
}
