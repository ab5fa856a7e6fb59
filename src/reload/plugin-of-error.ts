import { stackFrames } from "../errors/stack-frames.ts";

export interface PluginFiles {
  readonly name: string;
  readonly files: readonly string[];
}

/**
 * The plugin an uncaught error came from: the first stack frame in a file that exactly one
 * plugin's import graph holds. A frame in a helper shared by several plugins says nothing;
 * undefined when no frame decides.
 */
export function pluginOfError(
  error: unknown,
  plugins: Iterable<PluginFiles>,
  sourcePath: (location: string) => string,
): string | undefined {
  const owners = new Map<string, string[]>();
  for (const plugin of plugins) {
    for (const file of plugin.files) owners.set(file, [...(owners.get(file) ?? []), plugin.name]);
  }
  for (const frame of stackFrames(error)) {
    const names = owners.get(sourcePath(frame.location));
    if (names?.length === 1) return names[0];
  }
  return undefined;
}
