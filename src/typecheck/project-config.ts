import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Runtime } from "../runtime/runtime.ts";

/** The tsconfig.json a check runs against, and whether hotplug made it up. */
export interface ProjectConfig {
  readonly file: string;
  /** The folder the project lives in: where its own `typescript` is looked for. */
  readonly dir: string;
  /** hotplug's defaults, when the project has no tsconfig.json: served to the compiler only. */
  readonly defaults?: string;
}

/** The nearest tsconfig.json at or above the plugins folder, as `tsc` would find it. */
export function projectConfig(root: string, runtime: Runtime): ProjectConfig {
  for (let dir = root; ; dir = dirname(dir)) {
    const file = join(dir, "tsconfig.json");
    if (existsSync(file)) return { file, dir };
    if (dirname(dir) === dir) break;
  }
  return { file: join(root, "tsconfig.json"), dir: root, defaults: defaultConfig(root, runtime) };
}

/**
 * Without a tsconfig.json: strict, modern modules as Bun, Deno and bundlers read them, and the
 * runtime's own types where the project has them installed.
 */
function defaultConfig(root: string, runtime: Runtime): string {
  const typesPackage = runtime.key === "node" ? "@types/node" : "bun-types";
  const types = runtime.resolve(`${typesPackage}/package.json`, root) ? [typesPackage] : [];
  return JSON.stringify({
    compilerOptions: {
      target: "ESNext",
      module: "Preserve",
      moduleResolution: "bundler",
      lib: ["ESNext"],
      types,
      strict: true,
      allowImportingTsExtensions: true,
      noEmit: true,
      skipLibCheck: true,
      resolveJsonModule: true,
    },
    include: ["**/*"],
  });
}
