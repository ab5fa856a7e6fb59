import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { createLogger } from "../../src/logger.ts";
import { HotReloadSystem } from "../../src/reload/hot-reload-system.ts";
import { EventLog } from "../support/event-log.ts";
import { helloPlugin, PluginsDir } from "../support/plugin-fixture.ts";

let dir: PluginsDir;
let system: HotReloadSystem | undefined;
let log: EventLog;

beforeEach(async () => {
  dir = await PluginsDir.create();
  log = new EventLog();
});
afterEach(async () => {
  await system?.shutdown();
  system = undefined;
  await dir.dispose();
});

const host = async (options: Partial<ConstructorParameters<typeof HotReloadSystem>[0]> = {}) => {
  system = new HotReloadSystem({
    dir: dir.root,
    debounceInterval: 20,
    timeout: 2000,
    logger: createLogger("silent"),
    ...options,
  });
  system.on(log.listener);
  await system.startWatching();
  return system;
};

const hello = (name: string) => (system?.api(name) as { hello(): string } | undefined)?.hello();

describe("HotReloadSystem", () => {
  test("an edit reloads the plugin and its new code answers", async () => {
    await dir.plugin({ name: "greeter", files: { "index.ts": helloPlugin("v1") } });
    await host();
    expect(log.of("host:ready")[0]).toMatchObject({ plugins: ["greeter"], failed: [] });
    expect(hello("greeter")).toBe("v1");
    const mark = log.mark;
    await dir.write("greeter/index.ts", helloPlugin("v2"));
    const reloaded = await log.waitFor("plugin:reloaded", () => true, { from: mark });
    expect(reloaded).toMatchObject({ plugin: "greeter", generation: 2, cause: "change" });
    expect(reloaded.files).toEqual(["plugins/greeter/index.ts"]);
    expect(hello("greeter")).toBe("v2");
  });
});
