/**
 * The files `hotplug init` writes: a manifest, a typed entry that `hotplug check` accepts, and
 * a first test of it for `bun test` (hotplug/testing).
 */
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
  return {
    "plugin.json": `${JSON.stringify(manifest, null, 2)}\n`,
    "index.ts": entry,
    "index.test.ts": testFile(name),
  };
}

/**
 * Not imported by the entry, so not part of the plugin: check and the module graph ignore it.
 * It tests what a host does to the plugin: a call, a reload that hands the state on, a stop.
 */
function testFile(name: string): string {
  return `import { expect, test } from "bun:test";
import { testPlugin } from "hotplug/testing";
import type { Api } from "./index.ts";

// testPlugin loads this folder into a host of its own, through the same loader, checks and
// lifecycle as \`hotplug dev\`; \`await using\` shuts that host down when the test ends.

test("${name} answers", async () => {
  await using plugin = await testPlugin<Api>(import.meta.dir);
  expect(plugin.api.greet("world")).toBe("hello, world!");
});

test("${name} takes another config", async () => {
  await using plugin = await testPlugin<Api>(import.meta.dir, { config: { greeting: "hi" } });
  expect(plugin.api.greet("world")).toBe("hi, world!");
});

test("${name} hands its state to the next generation", async () => {
  await using plugin = await testPlugin<Api, { greeted: number }>(import.meta.dir);
  plugin.api.greet("ada");
  plugin.api.greet("grace");

  expect(await plugin.reload()).toMatchObject({ type: "plugin:reloaded", generation: 2 });
  expect(plugin.state).toEqual({ greeted: 2 });
});

test("${name} leaves nothing running", async () => {
  const plugin = await testPlugin<Api>(import.meta.dir);
  await plugin.reload();
  await plugin.stop(); // its last generation stops too
  expect(plugin.leftovers()).toEqual([]);
});
`;
}
