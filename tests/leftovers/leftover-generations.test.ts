import { expect, test } from "bun:test";
import { LeftoversRecorder } from "../../src/leftovers/leftovers-recorder.ts";
import { until } from "../support/until.ts";
import { useLeftovers } from "./leftovers-fixture.ts";

const leftovers = useLeftovers();

// Each generation starts one interval from a helper's callback (no entry frame on its stack),
// and keeps it.
const TICKING = `import { tickLater } from "./tick.ts";
export default {
  setup(ctx) {
    let ticks = 0;
    tickLater(() => ticks++);
    return { ticks: () => ticks, generation: ctx.generation };
  },
};
`;
const TICK = `export function tickLater(tick) {
  setTimeout(() => {
    const timer = setInterval(tick, 5);
    return timer;
  }, 1);
}
`;

type Ticking = { ticks(): number; generation: number };

test("overlap: the old generation's leftovers are its own; clear leaves the new one's running", async () => {
  const { dir, start } = await leftovers.create("clear");
  await dir.write("swap/index.ts", TICKING);
  await dir.write("swap/tick.ts", TICK);
  const old = await start<Ticking>("swap", 1);
  await until("generation 1 ticks", () => old.api.ticks() > 0);
  // The new generation is set up while the old one still serves.
  const next = await start<Ticking>("swap", 2);
  await until("generation 2 ticks", () => next.api.ticks() > 0);

  const report = await old.stop();
  expect(report.generation).toBe(1);
  expect(report.groups.map((group) => [group.kind, group.count])).toEqual([["interval", 1]]);
  const ticks = next.api.ticks();
  await until("generation 2 still ticks after 1 was cleared", () => next.api.ticks() > ticks);

  expect((await next.stop()).groups.map((group) => group.count)).toEqual([1]);
});

test("stop-first: a timer the next import starts at module level is the next generation's", async () => {
  const { dir, start, import: load } = await leftovers.create("clear");
  const MODULE_LEVEL = `import "./beat.ts";
export default { setup: (ctx) => ({ generation: ctx.generation }) };
`;
  await dir.write("beat/index.ts", MODULE_LEVEL);
  await dir.write(
    "beat/beat.ts",
    `export const beats = { count: 0 };
globalThis.beats = beats;
setInterval(() => beats.count++, 5);
`,
  );
  const first = await start("beat", 1);
  // The reload imports the new code while generation 1 still runs, then stops 1, then sets up 2.
  const imported = await load("beat");
  const beats = (globalThis as unknown as { beats: { count: number } }).beats;
  expect((await first.stop()).groups.map((group) => [group.kind, group.count])).toEqual([
    ["interval", 1],
  ]);
  const second = await imported.begin(2);
  const count = beats.count;
  await until("the new module's interval still beats", () => beats.count > count);
  expect((await second.stop()).groups.map((group) => [group.kind, group.count])).toEqual([
    ["interval", 1],
  ]);
  delete (globalThis as { beats?: unknown }).beats;
});

test("two hosts in one process: each reports only its own plugins, and either may leave first", async () => {
  const host = await leftovers.create("clear");
  const other = host.another("clear");
  await host.dir.write("mine/index.ts", TICKING);
  await host.dir.write("mine/tick.ts", TICK);
  await host.dir.write("theirs/index.ts", TICKING);
  await host.dir.write("theirs/tick.ts", TICK);
  const mine = await host.start<Ticking>("mine");
  const theirs = await (await host.import<Ticking>("theirs", other)).begin(1);
  await until("both tick", () => mine.api.ticks() > 0 && theirs.api.ticks() > 0);

  expect((await mine.stop()).groups.map((group) => group.count)).toEqual([1]);
  // The other host's interval was not this host's to clear.
  const ticks = theirs.api.ticks();
  await until("the other host's plugin still ticks", () => theirs.api.ticks() > ticks);

  const patched = globalThis.setTimeout;
  host.recorder.dispose();
  expect(globalThis.setTimeout).toBe(patched); // the other recorder still records
  expect((await theirs.stop()).groups.map((group) => group.count)).toEqual([1]);
  other.dispose();
  expect(globalThis.setTimeout).not.toBe(patched);
});

test("off records nothing and patches nothing", async () => {
  const native = globalThis.setTimeout;
  const { dir, start, recorder } = await leftovers.create("off");
  expect(globalThis.setTimeout).toBe(native);
  await dir.write("swap/index.ts", TICKING);
  await dir.write("swap/tick.ts", TICK);
  const running = await start<Ticking>("swap");
  await until("it ticks", () => running.api.ticks() > 0);
  expect(recorder.live).toBe(0);
  expect(await running.stop()).toEqual({
    plugin: "swap",
    generation: 1,
    mode: "warn",
    groups: [],
  });
});

test("records of timers cleared or fired are forgotten at once: 10,000 of each leave none", async () => {
  const { dir, start, recorder } = await leftovers.create("clear");
  await dir.write(
    "busy/index.ts",
    `export default {
  async setup() {
    for (let i = 0; i < 10_000; i++) clearTimeout(setTimeout(() => {}, 60_000));
    for (let i = 0; i < 10_000; i++) clearInterval(setInterval(() => {}, 60_000));
    let fired = 0;
    await new Promise((done) => {
      for (let i = 0; i < 10_000; i++) setTimeout(() => ++fired === 10_000 && done(), 0);
    });
    const listener = () => {};
    // A once() that fired is forgotten at the next change to its event (or the next report).
    for (let i = 0; i < 1_000; i++) {
      process.once("hotplug-busy", listener);
      process.emit("hotplug-busy");
      process.on("hotplug-busy", listener);
      process.off("hotplug-busy", listener);
    }
  },
};
`,
  );
  const before = recorder.live;
  const running = await start("busy");
  expect(recorder.live).toBe(before);
  expect((await running.stop()).groups).toEqual([]);
});

test("misuse: begin before install, end twice, install after dispose", async () => {
  const { dir, start, recorder } = await leftovers.create("clear");
  await dir.write("p/index.ts", "export default { setup() {} };");
  const running = await start("p");
  running.generation.end();
  expect(() => running.generation.end()).toThrow(new TypeError("Cannot end p generation 1 twice"));
  recorder.dispose();
  expect(() => recorder.install()).toThrow(TypeError);
  expect(() => recorder.begin("p", 2, [])).toThrow(
    new TypeError("Cannot record p generation 2: the recorder is disposed"),
  );
  const uninstalled = new LeftoversRecorder({ mode: "warn", runtime: leftovers.runtime });
  expect(() => uninstalled.begin("p", 1, [])).toThrow(
    new TypeError("Cannot record p generation 1: install() first"),
  );
});
