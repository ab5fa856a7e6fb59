// The host's watcher on the plugins folder, as the host's log shows it.
import { expect, spyOn, test } from "bun:test";
import { capturingLogger } from "../support/capture-log.ts";
import { useHost } from "../support/host-fixture.ts";
import { helloPlugin } from "../support/plugin-fixture.ts";

const t = useHost();

const plugins = async (n: number) => {
  for (let i = 0; i < n; i++) {
    await t.dir.plugin({ name: `p${i}`, files: { "index.ts": helloPlugin(`p${i}`) } });
  }
};

test("a first scan longer than a second says how far it got, then when it is done", async () => {
  await plugins(5);
  const capture = capturingLogger();
  // A tree that takes seconds to walk, without writing one: each reading of the clock the
  // walk slices itself by is 250 ms after the one before.
  let fake = performance.now();
  const clock = spyOn(performance, "now").mockImplementation(() => (fake += 250));
  try {
    await t.host({ logger: capture.logger });
  } finally {
    clock.mockRestore();
  }
  const scan = capture.about("first scan");
  expect(scan.length).toBeGreaterThanOrEqual(2);
  for (const line of scan.slice(0, -1)) {
    expect(line).toMatch(/^info watcher: first scan: \d+ files so far \(\d+\.\d s\)$/);
  }
  expect(scan.at(-1)).toMatch(/^info watcher: first scan: 10 files in \d+\.\d s$/);
  expect(t.log.of("host:ready")).toMatchObject([{ plugins: ["p0", "p1", "p2", "p3", "p4"] }]);
});

test("a first scan shorter than a second says nothing", async () => {
  await plugins(5);
  const capture = capturingLogger();
  await t.host({ logger: capture.logger });
  expect(capture.about("first scan")).toEqual([]);
  expect(t.log.of("host:ready")).toHaveLength(1);
});
