export interface PluginFiles {
  readonly name: string;
  readonly files: readonly string[];
}

// `/a/b.ts:1:2`, `/a/b.ts?v=3:1:2`, `file:///a/b.ts?v=3:1:2`: the location before line:column.
const FRAME_LOCATION = /((?:file:\/\/)?\/[^\s()]+?):\d+:\d+/g;

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
  const stack = error instanceof Error ? error.stack : undefined;
  if (!stack) return undefined;
  const owners = new Map<string, string[]>();
  for (const plugin of plugins) {
    for (const file of plugin.files) owners.set(file, [...(owners.get(file) ?? []), plugin.name]);
  }
  for (const match of stack.matchAll(FRAME_LOCATION)) {
    const names = owners.get(sourcePath(match[1] as string));
    if (names?.length === 1) return names[0];
  }
  return undefined;
}
