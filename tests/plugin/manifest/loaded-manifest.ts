import type { Manifest } from "../../../src/plugin/manifest/manifest-schema.ts";
import type { LoadedManifest } from "../../../src/plugin/manifest/read-manifest.ts";

/**
 * `loaded("a:b,c")`: plugin a in folder a, depending on b and c, as readManifest would
 * return it; `listen` as its plugin.json would say it.
 */
export function loaded(
  spec: string,
  folder = spec.split(":")[0],
  listen?: Manifest["listen"],
): LoadedManifest {
  const [name = "", deps] = spec.split(":");
  const manifest: Manifest = {
    name,
    version: "1.0.0",
    ...(deps ? { dependsOn: deps.split(",") } : {}),
    ...(listen === undefined ? {} : { listen }),
  };
  const dir = `/srv/plugins/${folder}`;
  return {
    manifest,
    slot: dir,
    dir,
    file: `plugins/${folder}/plugin.json`,
    entryPath: `${dir}/index.ts`,
    path: `${dir}/plugin.json`,
    digest: "",
  };
}
