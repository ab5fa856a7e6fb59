import { existsSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";
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

/** The compiler finds only what is installed: Bun resolves a missing package to its global cache. */
export const installed = (resolved: string | undefined): boolean =>
  resolved?.includes(`${sep}node_modules${sep}`) ?? false;

/** hotplug's own type entries, where they are on disk (not inside a compiled binary). */
const OWN_TYPES: Record<string, string> = {
  hotplug: fileURLToPath(new URL("../index.ts", import.meta.url)),
  "hotplug/testing": fileURLToPath(new URL("../testing/index.ts", import.meta.url)),
};

/**
 * Without a tsconfig.json: strict, modern modules as Bun, Deno and bundlers read them. The
 * runtime's own types where the project has them installed, else the web platform's (timers,
 * fetch, Response, URL: what every runtime hotplug runs on provides). `hotplug` itself is
 * hotplug's own types when the project has not installed it (a folder made by `hotplug init`).
 */
function defaultConfig(root: string, runtime: Runtime): string {
  const typesPackage = runtime.key === "node" ? "@types/node" : "bun-types";
  const ownRuntimeTypes =
    runtime.key !== "deno" && installed(runtime.resolve(`${typesPackage}/package.json`, root));
  const paths = Object.fromEntries(
    Object.entries(OWN_TYPES)
      .filter(
        ([specifier, file]) => !installed(runtime.resolve(specifier, root)) && existsSync(file),
      )
      .map(([specifier, file]) => [specifier, [file]]),
  );
  return JSON.stringify({
    compilerOptions: {
      target: "ESNext",
      module: "Preserve",
      moduleResolution: "bundler",
      lib: ownRuntimeTypes ? ["ESNext"] : ["ESNext", "DOM", "DOM.Iterable"],
      types: ownRuntimeTypes ? [typesPackage] : [],
      paths,
      strict: true,
      allowImportingTsExtensions: true,
      noEmit: true,
      skipLibCheck: true,
      resolveJsonModule: true,
    },
    include: ["**/*"],
  });
}
