import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdirSync, realpathSync, renameSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import type { SourceState } from "../../src/plugin/source-state.ts";
import { MovedPackages } from "../../src/reload/moved-packages.ts";
import { capturingLogger } from "../support/capture-log.ts";
import { makeTempRoot, removeTempRoot } from "../watch/temp-root.ts";

let project: string;
beforeEach(() => {
  project = realpathSync(makeTempRoot());
});
afterEach(() => removeTempRoot(project));

const record = (name: string, path: string, real: string) => ({
  name,
  read: {
    graph: {
      entry: "",
      files: [],
      digests: new Map(),
      stats: new Map(),
      packages: [{ path, real }],
    },
  } as unknown as SourceState,
});

test("a package whose link moved after the runtime resolved it is said, once; one in place is not", () => {
  const store = (version: string) => join(project, "node_modules", ".store", `tiny@${version}`);
  mkdirSync(store("1"), { recursive: true });
  mkdirSync(store("2"));
  const path = join(project, "node_modules", "tiny");
  symlinkSync(store("2"), `${path}.tmp`);
  renameSync(`${path}.tmp`, path);
  const { logger, about } = capturingLogger();
  const moved = new MovedPackages(logger, project);
  const records = [record("stale", path, store("1")), record("fresh", path, store("2"))];
  moved.check(records);
  moved.check(records);
  moved.check([
    record("gone", join(project, "node_modules", "nope"), store("1")),
    { name: "x", read: undefined },
  ]);
  expect(about("now leads to")).toEqual([
    "warn stale: node_modules/tiny now leads to node_modules/.store/tiny@2, but the runtime still " +
      "resolves it to node_modules/.store/tiny@1, as it did before the install: it keeps a link's " +
      "target until the process ends. Restart hotplug to run the new version.",
  ]);
});
