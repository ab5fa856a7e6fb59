import { describe, expect, test } from "bun:test";
import {
  type DependencyNode,
  dependencyOrder,
  dependentsOf,
  findCycles,
  formatCycle,
} from "../../../src/plugin/manifest/dependency-graph.ts";

/** `graph("a:b,c", "b", "c:b")`: a depends on b and c, c on b. */
function graph(...specs: string[]): DependencyNode[] {
  return specs.map((spec) => {
    const [name = "", deps = ""] = spec.split(":");
    return { name, dependsOn: deps ? deps.split(",") : undefined };
  });
}

describe("dependencyOrder", () => {
  test.each([
    ["nothing", [], []],
    ["independent plugins, alphabetically", ["c", "a", "b"], ["a", "b", "c"]],
    ["a chain", ["a:b", "b:c", "c"], ["c", "b", "a"]],
    [
      "a diamond",
      ["top:left,right", "left:base", "right:base", "base"],
      ["base", "left", "right", "top"],
    ],
    ["ready nodes alphabetically as they free up", ["z", "y:z", "a:y", "m"], ["m", "z", "y", "a"]],
    ["unknown dependencies ignored", ["a:ghost", "b:a"], ["a", "b"]],
    ["duplicate dependsOn entries counted once", ["a:b,b", "b"], ["b", "a"]],
    ["cycles and what hangs on them last", ["x", "a:b", "b:a", "c:a"], ["x", "a", "b", "c"]],
  ] as const)("%s", (_name, specs, expected) => {
    expect(dependencyOrder(graph(...specs))).toEqual([...expected]);
  });

  test("is the same whatever order the nodes come in", () => {
    const nodes = graph("d:b,c", "c:a", "b:a", "a", "e");
    const reversed = [...nodes].reverse();
    expect(dependencyOrder(reversed)).toEqual(dependencyOrder(nodes));
    expect(dependencyOrder(nodes)).toEqual(["a", "b", "c", "d", "e"]);
  });

  test("refuses a name given twice", () => {
    expect(() => dependencyOrder(graph("a", "a"))).toThrow(
      new TypeError('Cannot order plugins: the name "a" appears twice'),
    );
  });
});

describe("findCycles", () => {
  test.each([
    ["none", ["a:b", "b"], []],
    ["a self loop", ["a:a"], [["a"]]],
    ["two nodes", ["b:a", "a:b"], [["a", "b"]]],
    ["three nodes, in dependency order", ["a:b", "b:c", "c:a", "d:a"], [["a", "b", "c"]]],
    [
      "two separate cycles",
      ["a:b", "b:a", "x:y", "y:x"],
      [
        ["a", "b"],
        ["x", "y"],
      ],
    ],
    [
      "the shortest through a",
      ["a:b,c", "b:d", "d:a", "c:a"],
      [
        ["a", "c"],
        ["b", "d", "a"],
      ],
    ],
  ] as const)("%s", (_name, specs, expected) => {
    expect(findCycles(graph(...specs))).toEqual(expected.map((c) => [...c]));
  });

  test("formatCycle closes the loop", () => {
    expect(formatCycle(["a", "b", "c"])).toBe("a -> b -> c -> a");
    expect(formatCycle(["a"])).toBe("a -> a");
  });
});

describe("dependentsOf", () => {
  const nodes = graph("clock", "db", "api:db,clock", "web:api", "cli:clock", "docs");

  test("lists direct and indirect dependents, dependencies first", () => {
    expect(dependentsOf(nodes, "clock")).toEqual(["api", "cli", "web"]);
    expect(dependentsOf(nodes, "db")).toEqual(["api", "web"]);
  });

  test("is empty for a leaf or an unknown name", () => {
    expect(dependentsOf(nodes, "web")).toEqual([]);
    expect(dependentsOf(nodes, "ghost")).toEqual([]);
  });

  test("terminates on a cycle and leaves out the name itself", () => {
    expect(dependentsOf(graph("a:b", "b:a", "c:a"), "a")).toEqual(["b", "c"]);
  });
});
