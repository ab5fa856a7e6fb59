import { expect, test } from "bun:test";
import { useHost } from "../../support/host-fixture.ts";

const t = useHost("worker");

/** A worker plugin whose stop() or snapshot() hands on a state holding a function. */
const keeper = (hook: "stop" | "snapshot", version: string) => `export default {
  setup: () => ({ version: () => ${JSON.stringify(version)} }),
  ${hook}: () => ({ count: 1, handler: () => 1 }),
};`;

for (const [hook, swap] of [
  ["stop", "stop-first"],
  ["snapshot", "overlap"],
] as const) {
  test(`a state ${hook}() returns that cannot be cloned fails the reload, naming it`, async () => {
    await t.dir.plugin({
      name: "keeper",
      manifest: { swap },
      files: { "index.ts": keeper(hook, "v1") },
    });
    const system = await t.host({}, false);
    await t.dir.plugin({
      name: "keeper",
      manifest: { swap },
      files: { "index.ts": keeper(hook, "v2") },
    });
    const mark = t.log.mark;
    await system.reload("keeper");
    const failed = await t.log.waitFor("plugin:failed", (e) => e.plugin === "keeper", {
      from: mark,
    });
    expect(failed.phase).toBe("stop");
    expect(failed.message).toContain(
      `Cannot send the state ${hook}() returned across the worker boundary: a function (at .handler) cannot be structured-cloned`,
    );
  });
}
