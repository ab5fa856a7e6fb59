import { expect, test } from "bun:test";
import { join } from "node:path";
import { useHost } from "../support/host-fixture.ts";

const t = useHost();

test("a throw in setup points into the entry, with the plugin's frames only", async () => {
  await t.dir.plugin({
    name: "a",
    files: {
      "index.ts": `export default {
  setup() {
    throw new TypeError("boom in setup");
  },
};
`,
    },
  });
  await t.host({}, false);
  const [failed] = t.log.of("plugin:failed");
  expect(failed).toMatchObject({
    phase: "setup",
    message: "a: setup() failed: boom in setup",
    file: "a/index.ts",
    line: 3,
  });
  expect(failed?.frame).toStartWith('3 |     throw new TypeError("boom in setup");\n  |     ');
  // hotplug's own frames (run-hook.ts, generation.ts) are not the plugin's.
  expect(failed?.report?.stack.map((frame) => frame.file)).toEqual([
    join(t.dir.root, "a", "index.ts"),
  ]);
  expect(t.system?.status()[0]?.lastError).toMatchObject({
    phase: "setup",
    file: "a/index.ts",
    line: 3,
    frame: failed?.frame,
  });
});

test("a throw from a helper that setup() calls points into the helper", async () => {
  await t.dir.plugin({
    name: "a",
    files: {
      "index.ts": `import { parse } from "./lib/parse.ts";
export default {
  setup() {
    return { value: parse("x") };
  },
};
`,
      "lib/parse.ts": `export function parse(text: string): number {
  const n = Number(text);
  if (Number.isNaN(n)) throw new RangeError("not a number: " + text);
  return n;
}
`,
    },
  });
  await t.host({}, false);
  const [failed] = t.log.of("plugin:failed");
  expect(failed).toMatchObject({ phase: "setup", file: "a/lib/parse.ts", line: 3 });
  expect(failed?.message).toBe("a: setup() failed: not a number: x");
  expect(failed?.frame).toStartWith(
    '3 |   if (Number.isNaN(n)) throw new RangeError("not a number: " + text);\n  |',
  );
  expect(failed?.report?.stack).toMatchObject([
    { fn: "parse", file: join(t.dir.root, "a", "lib", "parse.ts"), line: 3 },
    { fn: "setup", file: join(t.dir.root, "a", "index.ts"), line: 4 },
  ]);
});

test("an error thrown by a running plugin's timer points at the timer's code", async () => {
  await t.dir.plugin({
    name: "a",
    files: {
      "index.ts": `export default {
  setup() {
    return {};
  },
};
export function tick() {
  throw new Error("tick failed");
}
`,
    },
  });
  const system = await t.host({}, false);
  const { tick } = (await import(join(t.dir.root, "a", "index.ts"))) as { tick: () => void };
  let thrown: unknown;
  try {
    tick();
  } catch (error) {
    thrown = error;
  }
  expect(system.handleUncaught(thrown)).toBe("a");
  const failed = await t.log.waitFor("plugin:failed", (e) => e.phase === "runtime");
  expect(failed).toMatchObject({ file: "a/index.ts", line: 7, runningGeneration: null });
  expect(failed.message).toBe("a: uncaught error while running: tick failed");
  expect(failed.frame).toStartWith('7 |   throw new Error("tick failed");');
});

test("a manifest mistake has no stack and no code frame", async () => {
  await t.dir.plugin({ name: "a", version: "1.x", files: { "index.ts": "export default {}" } });
  await t.host({}, false);
  const [failed] = t.log.of("plugin:failed");
  expect(failed).toMatchObject({ phase: "manifest", file: "a/plugin.json" });
  expect(failed?.message).toBe('plugins/a/plugin.json: version: expected semver, got "1.x"');
  expect(failed?.line).toBeUndefined();
  expect(failed?.frame).toBeUndefined();
  expect(failed?.report).toBeUndefined();
});
