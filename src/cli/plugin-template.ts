/** The files `hotplug init` writes: a manifest and a typed entry that `hotplug check` accepts. */
export function pluginTemplate(name: string, schemaRef: string): Record<string, string> {
  const manifest = {
    $schema: schemaRef,
    name,
    version: "0.1.0",
    description: `The ${name} plugin`,
    entry: "index.ts",
    config: { greeting: "hello" },
  };
  const entry = `import type { Plugin, PluginContext } from "hotplug";

// Types only: a plugin imports nothing from hotplug at run time, so it also loads in the
// compiled hotplug binary. Everything it needs from the host comes through ctx.

interface Config {
  greeting: string;
}

/** What setup() returns: the API that plugins listing "${name}" in dependsOn receive. */
export interface Api {
  greet(who: string): string;
}

/** Handed from one generation to the next: stop() returns it, the next setup() reads it. */
interface State {
  greeted: number;
}

let greeted = 0;

export default {
  setup(ctx: PluginContext<Config, State>): Api {
    greeted = ctx.state?.greeted ?? 0;
    ctx.log.info(\`generation \${ctx.generation} ready, \${greeted} greeted so far\`);
    return {
      greet(who) {
        greeted++;
        return \`\${ctx.config.greeting}, \${who}!\`;
      },
    };
  },
  stop(): State {
    return { greeted };
  },
} satisfies Plugin<undefined, Api, State>;
`;
  return { "plugin.json": `${JSON.stringify(manifest, null, 2)}\n`, "index.ts": entry };
}
