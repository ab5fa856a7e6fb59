import { statSync } from "node:fs";
import { createRequire } from "node:module";
import { isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const EXTENSIONS = [".ts", ".tsx", ".mts", ".js", ".jsx", ".mjs", ".cjs", ".cts"];
/** TypeScript's convention: `./util.js` in source names `./util.ts` on disk. */
const JS_TO_TS: Record<string, string[]> = {
  ".js": [".ts", ".tsx"],
  ".jsx": [".tsx"],
  ".mjs": [".mts"],
  ".cjs": [".cts"],
};

const isFile = (path: string) => statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
/**
 * The path as written names it if it is there and no folder: a FIFO or a device too, which the
 * runtime's import would open (and block on), so the graph must see it to refuse it.
 */
const isThere = (path: string) => {
  const st = statSync(path, { throwIfNoEntry: false });
  return st !== undefined && !st.isDirectory();
};

const isRelative = (specifier: string) =>
  specifier === "." ||
  specifier === ".." ||
  specifier.startsWith("./") ||
  specifier.startsWith("../");

/** The file a path-like specifier names: as is, with an extension, or a folder's index. */
function probe(base: string): string | undefined {
  if (isThere(base)) return base;
  for (const extension of EXTENSIONS) if (isFile(base + extension)) return base + extension;
  const dot = base.lastIndexOf(".");
  for (const extension of JS_TO_TS[base.slice(dot)] ?? []) {
    const swapped = base.slice(0, dot) + extension;
    if (isFile(swapped)) return swapped;
  }
  for (const extension of EXTENSIONS) {
    const index = join(base, `index${extension}`);
    if (isFile(index)) return index;
  }
  return undefined;
}

/**
 * Absolute path of `specifier` imported from a file in `fromDir`, without Bun's resolver:
 * relative, absolute and file: specifiers by path (query and hash dropped, extensions and
 * index files tried); package names and package.json `imports` (`#x`) through the runtime's
 * require resolution (Node's, or Deno's Node compatibility), which follows links out of
 * node_modules to real paths. Neither reads tsconfig `paths`, and neither can resolve an ES
 * import from another module's folder (`import.meta.resolve` takes no parent there): a
 * package whose `exports` differ for `import` and `require` resolves to its `require` file.
 */
export function resolveLocal(specifier: string, fromDir: string): string | undefined {
  try {
    if (specifier.startsWith("file:")) return probe(fileURLToPath(specifier));
    const path = specifier.replace(/[?#].*$/, "");
    if (isAbsolute(path)) return probe(path);
    if (isRelative(path)) return probe(resolve(fromDir, path));
    return createRequire(join(fromDir, "noop.js")).resolve(specifier);
  } catch {
    return undefined;
  }
}
