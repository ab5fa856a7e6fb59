/** Anything with a name and the names it depends on: manifests, running plugins. */
export interface DependencyNode {
  readonly name: string;
  readonly dependsOn?: readonly string[] | undefined;
}

/**
 * Names, dependencies before dependents; among names ready at the same time, alphabetical,
 * so two runs start plugins in the same order. Names not in `nodes` are ignored (a missing
 * dependency is the caller's to report). It never throws on a cycle, because shutdown still
 * needs an order: nodes in or behind a cycle come last, alphabetically (`findCycles` names them).
 */
export function dependencyOrder(nodes: readonly DependencyNode[]): string[] {
  const byName = indexByName(nodes);
  const waitingOn = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const node of byName.values()) {
    const deps = known(node, byName);
    waitingOn.set(node.name, deps.length);
    for (const dep of deps) dependents.set(dep, [...(dependents.get(dep) ?? []), node.name]);
  }
  const ready = [...waitingOn].filter(([, n]) => n === 0).map(([name]) => name);
  const order: string[] = [];
  while (ready.length > 0) {
    ready.sort();
    const name = ready.shift() as string;
    order.push(name);
    for (const dependent of dependents.get(name) ?? []) {
      const left = (waitingOn.get(dependent) ?? 0) - 1;
      waitingOn.set(dependent, left);
      if (left === 0) ready.push(dependent);
    }
  }
  const stuck = [...byName.keys()].filter((name) => (waitingOn.get(name) ?? 0) > 0).sort();
  return [...order, ...stuck];
}

/**
 * Dependency cycles as names in dependency order (`["a", "b", "c"]` for a -> b -> c -> a):
 * the shortest one through each name, alphabetically, that no reported cycle holds yet.
 * A plugin that merely depends on a cycle is not in one.
 */
export function findCycles(nodes: readonly DependencyNode[]): string[][] {
  const byName = indexByName(nodes);
  const cycles: string[][] = [];
  for (const start of [...byName.keys()].sort()) {
    if (cycles.some((cycle) => cycle.includes(start))) continue;
    const cycle = shortestCycle(start, byName);
    if (cycle) cycles.push(cycle);
  }
  return cycles;
}

/** `a -> b -> c -> a` */
export function formatCycle(cycle: readonly string[]): string {
  return [...cycle, cycle[0]].join(" -> ");
}

/**
 * Everything that depends on `name`, directly or not, in the order to restart them after
 * `name` changed: dependencies first.
 */
export function dependentsOf(nodes: readonly DependencyNode[], name: string): string[] {
  const byName = indexByName(nodes);
  const affected = new Set<string>();
  const queue = [name];
  for (let current = queue.shift(); current !== undefined; current = queue.shift()) {
    for (const node of byName.values()) {
      if (affected.has(node.name) || !known(node, byName).includes(current)) continue;
      affected.add(node.name);
      queue.push(node.name);
    }
  }
  affected.delete(name);
  return dependencyOrder(nodes.filter((node) => affected.has(node.name)));
}

/** Breadth-first from `start` back to itself, so the reported cycle is the shortest one. */
function shortestCycle(start: string, byName: Map<string, DependencyNode>): string[] | undefined {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let current = queue.shift(); current !== undefined; current = queue.shift()) {
    for (const dep of [...known(byName.get(current), byName)].sort()) {
      if (dep === start) {
        const cycle = [current];
        for (let at = current; at !== start; ) {
          at = cameFrom.get(at) as string;
          cycle.unshift(at);
        }
        return cycle;
      }
      if (cameFrom.has(dep)) continue;
      cameFrom.set(dep, current);
      queue.push(dep);
    }
  }
  return undefined;
}

function known(node: DependencyNode | undefined, byName: Map<string, DependencyNode>): string[] {
  return [...new Set(node?.dependsOn ?? [])].filter((dep) => byName.has(dep));
}

function indexByName(nodes: readonly DependencyNode[]): Map<string, DependencyNode> {
  const byName = new Map<string, DependencyNode>();
  for (const node of nodes) {
    if (byName.has(node.name)) {
      throw new TypeError(`Cannot order plugins: the name "${node.name}" appears twice`);
    }
    byName.set(node.name, node);
  }
  return byName;
}
