export type { PluginEvent, PluginEventOf, ReloadOutcome } from "./plugin-event-log.ts";
export { PluginTestError } from "./plugin-test-error.ts";
export { PluginTest, type TestPluginOptions, testPlugin } from "./test-plugin.ts";
