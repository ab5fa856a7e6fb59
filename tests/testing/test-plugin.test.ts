import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { PluginTestError, testPlugin } from "../../src/testing/index.ts";
import { ISOLATIONS } from "../support/host-fixture.ts";
import { greetingSchema, PluginsDir } from "../support/plugin-fixture.ts";
import { until } from "../support/until.ts";

let dir: PluginsDir;
beforeEach(async () => {
  dir = await PluginsDir.create();
});
afterEach(async () => {
  await dir.dispose();
});

/** Counts its calls; hands the count on through stop(). */
const COUNTING = `let calls = 0;
export default {
  setup(ctx) {
    calls = ctx.state?.calls ?? 0;
    return { call: () => ++calls, generation: () => ctx.generation };
  },
  stop() {
    return { calls };
  },
};
`;

type Counting = { call(): number; generation(): number };

const testFolders = async () =>
  (await readdir(tmpdir())).filter((name) => name.startsWith("hotplug-testing-"));

describe.each(ISOLATIONS)("isolation %s", (isolation) => {
  test("api answers, a reload hands the state on, and events are the plugin's own", async () => {
    const plugin = await dir.plugin({ name: "counting", files: { "index.ts": COUNTING } });
    await using counting = await testPlugin<Counting, { calls: number }>(plugin, { isolation });
    expect(await counting.api.call()).toBe(1);
    expect(await counting.api.call()).toBe(2);
    expect(counting.state).toBeUndefined();

    const reloaded = await counting.reload();
    expect(reloaded).toMatchObject({ type: "plugin:reloaded", generation: 2, isolation });
    expect(counting.state).toEqual({ calls: 2 });
    expect(await counting.api.call()).toBe(3);
    expect(counting.events.map((event) => event.type)).toEqual([
      "plugin:started",
      "plugin:reloaded",
    ]);
    // As --json prints them: plain data, no in-process report.
    expect(JSON.parse(JSON.stringify(counting.events))).toEqual(counting.events);
  });

  test("edit() with a syntax error resolves with the failure and its place; the old code answers", async () => {
    const plugin = await dir.plugin({ name: "counting", files: { "index.ts": COUNTING } });
    await using counting = await testPlugin<Counting>(plugin, { isolation });
    expect(await counting.api.call()).toBe(1);

    const failed = await counting.edit(
      "index.ts",
      "export default {\n  setup() {\n    return {;\n",
    );
    expect(failed).toMatchObject({
      type: "plugin:failed",
      phase: "import",
      file: "counting/index.ts",
      line: 3,
      runningGeneration: 1,
    });
    expect(failed.type === "plugin:failed" && failed.frame).toContain("3 |     return {;");
    expect(await counting.api.call()).toBe(2);
    expect(await counting.api.generation()).toBe(1);

    const fixed = await counting.edit("index.ts", COUNTING.replace("++calls", "(calls += 10)"));
    expect(fixed).toMatchObject({ type: "plugin:reloaded", generation: 2 });
    expect(await counting.api.call()).toBe(12);
  });

  test("deps: stand-ins answer for the plugins in dependsOn", async () => {
    const plugin = await dir.plugin({
      name: "reporter",
      dependsOn: ["clock", "store"],
      files: {
        "index.ts": `export default {
  setup(ctx) {
    return {
      report: async () => \`\${await ctx.deps.store.get("who")} at \${await ctx.deps.clock.now()}\`,
    };
  },
};
`,
      },
    });
    const store = new Map([["who", "ada"]]);
    await using reporter = await testPlugin<{ report(): Promise<string> }>(plugin, {
      isolation,
      deps: { clock: { now: () => 42 }, store: { get: (key: string) => store.get(key) } },
    });
    expect(await reporter.api.report()).toBe("ada at 42");
    // The stand-in is the object itself: the test can change what it answers.
    store.set("who", "grace");
    expect(await reporter.api.report()).toBe("grace at 42");
    expect(reporter.events.every((event) => event.plugin === "reporter")).toBe(true);
  });

  test("a plugin that does not start rejects with its file, line and code frame", async () => {
    const plugin = await dir.plugin({
      name: "broken",
      files: {
        "index.ts": `export default {
  setup() {
    const reason = "no database";
    throw new Error(\`cannot start: \${reason}\`);
  },
};
`,
      },
    });
    const before = await testFolders();
    const error = await testPlugin(plugin, { isolation }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(PluginTestError);
    const { code, message, event } = error as PluginTestError;
    expect(code).toBe("PLUGIN_TEST_NOT_STARTED");
    expect(message).toContain(
      "broken did not start (setup): broken: setup() failed: cannot start: no database",
    );
    expect(message).toContain(`at ${dir.path("broken", "index.ts")}:4:15`);
    expect(message).toContain(`4 |     throw new Error(\`cannot start: \${reason}\`);`);
    expect(event).toMatchObject({ file: "broken/index.ts", line: 4, column: 15 });
    expect(await testFolders()).toEqual(before);
  });
});

test("state is what the serving generation got: after a rollback, the state handed to it again", async () => {
  const plugin = await dir.plugin({ name: "counting", files: { "index.ts": COUNTING } });
  await using counting = await testPlugin<Counting, { calls: number }>(plugin);
  counting.api.call();
  const failing = COUNTING.replace("return { call", 'throw new Error("nope");\n    return { call');
  const failed = await counting.edit("index.ts", failing);
  expect(failed).toMatchObject({ type: "plugin:failed", phase: "setup", rolledBack: true });
  expect(counting.api.generation()).toBe(1);
  expect(counting.state).toEqual({ calls: 1 });
});

test("after its worker exits, edit() and reload() start it again: plugin:started", async () => {
  const exiting = (word: string) =>
    `export default { setup: () => ({ word: () => "${word}", exit: () => process.exit(3) }) };\n`;
  const plugin = await dir.plugin({ name: "quitter", files: { "index.ts": exiting("one") } });
  await using quitter = await testPlugin<{ word(): string; exit(): void }>(plugin, {
    isolation: "worker",
  });
  await Promise.resolve(quitter.api.exit()).catch(() => undefined);
  await until("the crash is reported", () =>
    quitter.events.some((event) => event.type === "plugin:failed" && event.phase === "runtime"),
  );
  expect(await quitter.edit("index.ts", exiting("two"))).toMatchObject({
    type: "plugin:started",
    generation: 2,
  });
  expect(await quitter.api.word()).toBe("two");

  await Promise.resolve(quitter.api.exit()).catch(() => undefined);
  await until(
    "the second crash is reported",
    () => quitter.events.filter((event) => event.type === "plugin:failed").length === 2,
  );
  expect(await quitter.reload()).toMatchObject({ type: "plugin:started", generation: 3 });
});

test("edit() of a helper outside the plugin's folder reloads the plugin that imports it", async () => {
  await dir.write("_shared/word.ts", `export const word = "one";\n`);
  const plugin = await dir.plugin({
    name: "speaker",
    files: {
      "index.ts": `import { word } from "../_shared/word.ts";
export default { setup: () => ({ say: () => word }) };
`,
    },
  });
  await using speaker = await testPlugin<{ say(): string }>(plugin);
  const reloaded = await speaker.edit("../_shared/word.ts", `export const word = "two";\n`);
  expect(reloaded).toMatchObject({ type: "plugin:reloaded", generation: 2 });
  expect(speaker.api.say()).toBe("two");
});

test("edit() that changes nothing the plugin runs says so at once", async () => {
  const plugin = await dir.plugin({ name: "counting", files: { "index.ts": COUNTING } });
  await using counting = await testPlugin(plugin);
  const error = await counting.edit("index.ts", COUNTING).catch((thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(PluginTestError);
  expect(error).toMatchObject({
    code: "PLUGIN_TEST_NO_RELOAD",
    message:
      'counting: edit("index.ts") reloaded nothing: it already ran these bytes, or does not import index.ts',
  });
});

test("stop() removes the test host's folder and puts edited files back; the plugin's folder stays", async () => {
  const plugin = await dir.plugin({ name: "counting", files: { "index.ts": COUNTING } });
  const before = await testFolders();
  const counting = await testPlugin<Counting>(plugin);
  expect((await testFolders()).length).toBe(before.length + 1);
  await counting.edit("index.ts", COUNTING.replace("++calls", "--calls"));
  await expect(counting.edit("notes.txt", "a file it does not import")).rejects.toThrow(
    'counting: edit("notes.txt") reloaded nothing',
  );
  await counting.stop();
  await counting.stop();

  expect(await testFolders()).toEqual(before);
  expect(readFileSync(dir.path("counting", "index.ts"), "utf8")).toBe(COUNTING);
  expect(existsSync(dir.path("counting", "notes.txt"))).toBe(false);
  expect(existsSync(dir.path("counting", "plugin.json"))).toBe(true);
  expect(counting.state).toBeUndefined();
  expect(() => counting.api.call()).toThrow("counting is unavailable");
  expect(() => counting.reload()).toThrow("Cannot reload counting: it was stopped");
  expect(() => counting.edit("index.ts", "")).toThrow("Cannot edit counting: it was stopped");
  expect(counting.events.at(-1)).toMatchObject({ type: "plugin:unloaded", reason: "shutdown" });
});

test("config replaces plugin.json's, and the module's schema still checks it", async () => {
  const plugin = await dir.plugin({
    name: "greeter",
    config: { greeting: "Hello" },
    files: {
      "index.ts": `const configSchema = ${greetingSchema};
export default {
  configSchema,
  setup: (ctx) => ({ greet: (who) => \`\${ctx.config.greeting}, \${who}\` }),
};
`,
    },
  });
  await using hi = await testPlugin<{ greet(who: string): string }>(plugin, {
    config: { greeting: "Hi" },
  });
  expect(hi.api.greet("ada")).toBe("Hi, ada");
  await using hello = await testPlugin<{ greet(who: string): string }>(plugin);
  expect(hello.api.greet("ada")).toBe("Hello, ada");

  const error = await testPlugin(plugin, { config: { greeting: 1 } }).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: "PLUGIN_TEST_NOT_STARTED", event: { phase: "validate" } });
  expect((error as Error).message).toContain("config.greeting: expected a string");
});

test("isolation: runs it where asked, whatever plugin.json says", async () => {
  const plugin = await dir.plugin({
    name: "counting",
    manifest: { isolation: "none" },
    files: { "index.ts": COUNTING },
  });
  await using counting = await testPlugin<Counting>(plugin, { isolation: "worker" });
  expect(counting.events[0]).toMatchObject({ type: "plugin:started", isolation: "worker" });
  expect(await counting.api.call()).toBe(1);
});

test("a serving plugin listens on a free port, not on plugin.json's, which may be taken", async () => {
  const taken = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("dev") });
  try {
    const plugin = await dir.plugin({
      name: "web",
      manifest: { listen: taken.port },
      files: {
        "index.ts": `export default {
  setup: () => ({}),
  fetch: (request, ctx) => new Response(\`generation \${ctx.generation}\`),
};
`,
      },
    });
    await using web = await testPlugin(plugin);
    const url = web.url as string;
    expect(new URL(url).port).not.toBe(String(taken.port));
    expect(await (await fetch(url)).text()).toBe("generation 1");
    await web.reload();
    expect(web.url).toBe(url);
    expect(await (await fetch(url)).text()).toBe("generation 2");
    await web.stop();
    expect(web.url).toBeUndefined();
  } finally {
    await taken.stop(true);
  }
});

test("url is undefined for a plugin that does not serve", async () => {
  const plugin = await dir.plugin({ name: "counting", files: { "index.ts": COUNTING } });
  await using counting = await testPlugin(plugin);
  expect(counting.url).toBeUndefined();
});

describe("leftovers()", () => {
  for (const isolation of ISOLATIONS) {
    test(`reports a forgotten interval with the line that started it (isolation ${isolation})`, async () => {
      const plugin = await dir.plugin({
        name: "ticker",
        files: {
          "index.ts": `export default {
  setup() {
    setInterval(() => {}, 1000);
    return {};
  },
};
`,
        },
      });
      await using ticker = await testPlugin(plugin, { isolation });
      expect(ticker.leftovers()).toEqual([]);
      await ticker.reload();
      const [left, ...more] = ticker.leftovers();
      expect(more).toEqual([]);
      expect(left).toMatchObject({
        type: "plugin:warning",
        kind: "leftovers",
        plugin: "ticker",
        file: "ticker/index.ts",
        line: 3,
        leftovers: { kind: "interval", count: 1 },
      });
      expect(left?.message).toContain("ticker generation 1 left 1 interval running (");
      expect(left?.message).toContain("index.ts:3:5); cleared it");
    });
  }

  test("is empty for a plugin that cleans up, its last generation included", async () => {
    const plugin = await dir.plugin({
      name: "tidy",
      files: {
        "index.ts": `let timer;
export default {
  setup() {
    timer = setInterval(() => {}, 1000);
    return {};
  },
  stop() {
    clearInterval(timer);
  },
};
`,
      },
    });
    const tidy = await testPlugin(plugin);
    await tidy.reload();
    await tidy.stop();
    expect(tidy.leftovers()).toEqual([]);
  });
});

describe("misuse", () => {
  test("a missing, extra or non-object stand-in is a TypeError naming it", async () => {
    const plugin = await dir.plugin({
      name: "needy",
      dependsOn: ["clock", "store"],
      files: { "index.ts": "export default { setup: () => ({}) };\n" },
    });
    await expect(testPlugin(plugin, { deps: { clock: {} } })).rejects.toThrow(
      new TypeError(
        "Cannot test needy: it depends on store; pass a stand-in for each (deps: { store: {...} })",
      ),
    );
    await expect(testPlugin(plugin, { deps: { clock: {}, store: {}, mail: {} } })).rejects.toThrow(
      "Cannot test needy: deps.mail is not in its dependsOn (it depends on clock, store)",
    );
    const notObject = { clock: {}, store: 42 } as unknown as Record<string, object>;
    await expect(testPlugin(plugin, { deps: notObject })).rejects.toThrow(
      "Cannot test needy: deps.store must be an object (the API its setup() would return), got number",
    );
  });

  test("a folder that is not there or not a plugin, a bad timeout, a disabled plugin", async () => {
    await expect(testPlugin(dir.path("nowhere"))).rejects.toThrow(
      `Cannot test ${dir.path("nowhere")}: no such folder`,
    );
    const file = await dir.write("loose/index.ts", "export default { setup: () => ({}) };\n");
    await expect(testPlugin(file)).rejects.toThrow(`Cannot test ${file}: no such folder`);
    await expect(testPlugin(dir.path("loose"))).rejects.toThrow(
      `Cannot test ${dir.path("loose")}: it has no plugin.json, so it is not a plugin`,
    );
    await expect(testPlugin(dir.root, { timeout: 0 })).rejects.toThrow(RangeError);
    const plugin = await dir.plugin({
      name: "off",
      enabled: false,
      files: { "index.ts": "export default { setup: () => ({}) };\n" },
    });
    await expect(testPlugin(new URL(`file://${plugin}`))).rejects.toThrow(
      "off did not start: its plugin.json has enabled: false",
    );
  });

  test("a manifest that does not parse is the host's failure, named by the folder", async () => {
    await dir.write("mangled/plugin.json", "{ nope");
    await dir.write("mangled/index.ts", "export default { setup: () => ({}) };\n");
    const error = await testPlugin(dir.path("mangled")).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "PLUGIN_TEST_NOT_STARTED", event: { phase: "manifest" } });
    expect((error as Error).message).toContain("mangled did not start (manifest)");
  });
});
