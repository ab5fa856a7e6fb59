import { expect, test } from "bun:test";
import { rename } from "node:fs/promises";
import { useHost } from "../support/host-fixture.ts";
import { helloPlugin } from "../support/plugin-fixture.ts";

const t = useHost();

// Found by bench/soak.ts (seed 7, cycle 896): renaming a plugin's folder sometimes leaves the
// plugin unloaded for good. The old and the new folder are two scheduler keys that run at once;
// when the new folder's sync runs first, its name clashes with the record still held by the
// old folder ("already used by"), then the old folder's sync unloads that record, and nothing
// retries the new folder.
test("a plugin whose folder is renamed runs again from the new folder, every time", async () => {
  await t.dir.plugin({ name: "greeter", files: { "index.ts": helloPlugin("hi") } });
  await t.dir.plugin({ name: "sentinel", files: { "index.ts": helloPlugin("s") } });
  const system = await t.host();
  let folder = "greeter";
  for (let i = 1; i <= 20; i++) {
    const mark = t.log.mark;
    const next = `greeter-moved-${i}`;
    await rename(t.dir.path(folder), t.dir.path(next));
    folder = next;
    await t.log.waitFor("plugin:unloaded", (e) => e.plugin === "greeter", { from: mark });
    // Prove the host is done with the rename: a later save of another plugin has come through.
    await t.dir.write("sentinel/index.ts", helloPlugin(`s${i}`));
    await t.log.waitFor("plugin:reloaded", (e) => e.plugin === "sentinel", {
      from: mark,
      timeoutMs: 10_000,
    });
    await system.idle();
    const status = system.status().find((s) => s.name === "greeter");
    expect({ rename: i, state: status?.state, serves: await t.call("greeter") }).toEqual({
      rename: i,
      state: "running",
      serves: "hi",
    });
  }
}, 60_000);
