import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { CliProcess, killLeftovers } from "../support/cli-process.ts";
import { PluginsDir } from "../support/plugin-fixture.ts";

let dir: PluginsDir;
let elsewhere: string;
beforeEach(async () => {
  dir = await PluginsDir.create();
  elsewhere = await realpath(await mkdtemp(join(tmpdir(), "hotplug-cwd-")));
  // A helper that throws while it is imported: the headline names it, the frames show it.
  await dir.plugin({
    name: "foo",
    files: {
      "index.ts": 'import "./b.ts";\nexport default { setup() {} };\n',
      "b.ts": 'function boom() {\n  throw new Error("kaput");\n}\nboom();\n',
    },
  });
});
afterEach(async () => {
  await killLeftovers();
  await dir.dispose();
  await rm(elsewhere, { recursive: true, force: true });
});

/** The failure as the human log prints it: its headline and its stack frames. */
async function failureLines(cwd: string): Promise<{ headline: string; frames: string[] }> {
  const cli = CliProcess.cli(["run", dir.root, "--log-level", "info"], cwd);
  await cli.waitForStderr("it is not running");
  const lines = cli.stderr.split("\n");
  const headline = lines.find((line) => line.includes("foo failed in import")) ?? "";
  return { headline, frames: lines.filter((line) => line.trim().startsWith("at ")) };
}

describe("a failure's headline and its frames name files by one rule", () => {
  test("relative to the working directory when the plugins folder is inside it", async () => {
    const { headline, frames } = await failureLines(dirname(dir.root));
    expect(headline).toContain("plugins/foo/b.ts:2:");
    expect(frames.length).toBeGreaterThan(0);
    for (const frame of frames) expect(frame).toMatch(/[ (]plugins\/foo\/b\.ts:/);
    expect(`${headline}\n${frames.join("\n")}`).not.toContain(dir.root);
  });

  test("absolute when the plugins folder is outside it", async () => {
    const { headline, frames } = await failureLines(elsewhere);
    expect(headline).toContain(`${join(dir.root, "foo", "b.ts")}:2:`);
    expect(frames.length).toBeGreaterThan(0);
    for (const frame of frames) expect(frame).toContain(join(dir.root, "foo"));
  });
});
