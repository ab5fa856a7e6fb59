import { addressesCollide, formatAddress, listenAddress } from "../../serve/listen-address.ts";
import { findCycles, formatCycle } from "./dependency-graph.ts";
import { ManifestError } from "./manifest-error.ts";
import type { LoadedManifest } from "./read-manifest.ts";

/**
 * Problems that only show across plugins: a name used twice, an address two plugins listen on,
 * a dependency on a plugin that is not there, a dependency cycle. Returns them all (empty when the set is sound), in a
 * stable order, so `hotplug check` can list every one.
 */
export function checkManifestSet(list: readonly LoadedManifest[]): ManifestError[] {
  const errors: ManifestError[] = [];
  const first = new Map<string, LoadedManifest>();
  for (const loaded of list) {
    const { name } = loaded.manifest;
    const earlier = first.get(name);
    if (!earlier) {
      first.set(name, loaded);
      continue;
    }
    const problem = `plugin name "${name}" is already used by ${earlier.file}`;
    errors.push(
      new ManifestError("MANIFEST_DUPLICATE_NAME", problem, { file: loaded.file, field: "name" }),
    );
  }

  errors.push(...listenCollisions([...first.values()]));

  for (const loaded of first.values()) {
    const { name, dependsOn = [] } = loaded.manifest;
    dependsOn.forEach((dep, index) => {
      if (first.has(dep)) return;
      const problem = `plugin "${name}" depends on "${dep}", but no plugin named "${dep}" exists`;
      const field = `dependsOn[${index}]`;
      errors.push(
        new ManifestError("MANIFEST_UNKNOWN_DEPENDENCY", problem, { file: loaded.file, field }),
      );
    });
  }

  for (const cycle of findCycles([...first.values()].map(toNode))) {
    const [head = ""] = cycle;
    const file = first.get(head)?.file ?? "";
    const problem = `dependency cycle: ${formatCycle(cycle)}`;
    errors.push(
      new ManifestError("MANIFEST_DEPENDENCY_CYCLE", problem, { file, field: "dependsOn" }),
    );
  }
  return errors;
}

/** Each plugin whose `listen` collides with an earlier one's, naming both. */
function listenCollisions(list: readonly LoadedManifest[]): ManifestError[] {
  const errors: ManifestError[] = [];
  const claimed: { loaded: LoadedManifest; address: ReturnType<typeof listenAddress> }[] = [];
  for (const loaded of list) {
    const { listen } = loaded.manifest;
    if (listen === undefined) continue;
    const address = listenAddress(listen);
    const earlier = claimed.find((claim) => addressesCollide(claim.address, address));
    if (!earlier) {
      claimed.push({ loaded, address });
      continue;
    }
    const { name } = earlier.loaded.manifest;
    const problem =
      `plugin "${loaded.manifest.name}" listens on ${formatAddress(address)}, ` +
      `but plugin "${name}" (${earlier.loaded.file}) already listens on ${formatAddress(earlier.address)}`;
    errors.push(
      new ManifestError("MANIFEST_DUPLICATE_LISTEN", problem, {
        file: loaded.file,
        field: "listen",
      }),
    );
  }
  return errors;
}

function toNode(loaded: LoadedManifest) {
  return { name: loaded.manifest.name, dependsOn: loaded.manifest.dependsOn };
}
