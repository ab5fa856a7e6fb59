import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/**
 * The rooms of src/ and the doors between them, read from the imports (type-only ones too:
 * they tie the design together all the same). README's "Layout" draws the same map.
 */
const SRC = resolve(import.meta.dir, "..", "src");
const SPECIFIER = /(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?["'](\.{1,2}\/[^"']+)["']/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) ? [path] : [];
  });
}

/** file (relative to src/) -> the src/ files it imports. */
const imports = new Map<string, string[]>();
for (const file of sourceFiles(SRC)) {
  const targets = [...readFileSync(file, "utf8").matchAll(SPECIFIER)].map((match) =>
    relative(SRC, resolve(dirname(file), match[1] as string)),
  );
  imports.set(
    relative(SRC, file),
    targets.filter((target) => !target.startsWith("..")),
  );
}

/** The import cycles: strongly connected components of more than one file (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (file: string) => {
    index.set(file, next);
    low.set(file, next++);
    stack.push(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file) as number, low.get(target) as number));
      } else if (stack.includes(target)) {
        low.set(file, Math.min(low.get(file) as number, index.get(target) as number));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
      component.push(top);
      if (top === file) break;
    }
    if (component.length > 1) found.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found;
}

/** Imports of the files under `folder` that lead to a file `forbidden` says no to. */
function crossings(folder: string, forbidden: (target: string) => boolean): string[] {
  return [...imports]
    .filter(([file]) => file.startsWith(folder))
    .flatMap(([file, targets]) =>
      targets.filter(forbidden).map((target) => `${file} -> ${target}`),
    );
}

describe("the layout of src/", () => {
  test("cycles() finds a cycle, and only a cycle", () => {
    const graph = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
      ["d", ["a"]],
    ]);
    expect(cycles(graph)).toEqual([["a", "b", "c"]]);
    expect(
      cycles(
        new Map([
          ["a", ["b"]],
          ["b", []],
        ]),
      ),
    ).toEqual([]);
  });

  test("has no import cycle", () => {
    expect(imports.size).toBeGreaterThan(100);
    expect(cycles(imports)).toEqual([]);
  });

  test("src/runtime/ imports nothing of hotplug's but the errors' two leaves", () => {
    const leaves = new Set(["errors/hotplug-error.ts", "errors/source-location.ts"]);
    expect(crossings("runtime/", (t) => !t.startsWith("runtime/") && !leaves.has(t))).toEqual([]);
  });

  test("src/errors/source-location.ts, the leaf the runtimes use, imports nothing of hotplug's", () => {
    expect(imports.get("errors/source-location.ts")).toEqual([]);
  });

  test("src/errors/ imports nothing from the plugin core, the runners or the host", () => {
    const outside = (t: string) => /^(plugin|runner|reload|cli|commands|metrics)\//.test(t);
    expect(crossings("errors/", outside)).toEqual([]);
  });

  test("the worker folder is transport: it imports no lifecycle code", () => {
    // The generation core (local-generation.ts) and the module's validation run on both sides;
    // the lifecycle (records, their state, the manager, the transaction, handles) stays in the host.
    const lifecycle = (t: string) =>
      t.startsWith("reload/") ||
      /^plugin\/(plugin-(lifecycle|manager|record|registry|state|status)|reload-transaction|live-handle|when-running|failure-event)\.ts$/.test(
        t,
      );
    expect(crossings("runner/worker/", lifecycle)).toEqual([]);
  });

  test("the plugin core does not reach for the runners: the reload layer creates them", () => {
    expect(crossings("plugin/", (t) => t.startsWith("runner/"))).toEqual([]);
  });
});
