import type { ListenSetting } from "../serve/listen-address.ts";
import type { Plugin } from "./plugin.ts";
import type { StandardSchemaV1 } from "./standard-schema.ts";
import { validateConfig } from "./validate-config.ts";
import { validateModule } from "./validate-module.ts";

export interface ValidatedPlugin {
  readonly plugin: Plugin<StandardSchemaV1 | undefined>;
  /** The manifest's config as the module's schema output it. */
  readonly config: unknown;
}

/** Phase 3, wherever the module was imported: its shape, then its config by its own schema. */
export async function validatePlugin(
  name: string,
  /** The entry and manifest as messages show them. */
  shown: { readonly entry: string; readonly manifest: string },
  namespace: Record<string, unknown>,
  config: unknown,
  /** plugin.json's `listen`: the module must have fetch() exactly when it has one. */
  listen: ListenSetting | undefined,
): Promise<ValidatedPlugin> {
  const plugin = validateModule(name, shown.entry, namespace, {
    listen,
    manifestFile: shown.manifest,
  });
  return {
    plugin,
    config: await validateConfig(name, shown.manifest, plugin.configSchema, config),
  };
}
