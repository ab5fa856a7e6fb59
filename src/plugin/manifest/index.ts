export { checkManifestSet, orderManifests } from "./check-manifests.ts";
export {
  type DependencyNode,
  dependencyOrder,
  dependentsOf,
  findCycles,
  formatCycle,
} from "./dependency-graph.ts";
export {
  MANIFEST_ERROR_CODES,
  ManifestError,
  type ManifestErrorCode,
  type ManifestIssue,
} from "./manifest-error.ts";
export { type Manifest, ManifestSchema } from "./manifest-schema.ts";
export {
  type LoadedManifest,
  MANIFEST_FILE,
  MANIFEST_MAX_BYTES,
  type ReadManifestOptions,
  readManifest,
} from "./read-manifest.ts";
export { validateManifest } from "./validate-manifest.ts";
