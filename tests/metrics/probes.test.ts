import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { type CliProcess, killLeftovers } from "../support/cli-process.ts";
import { helloPlugin, PluginsDir } from "../support/plugin-fixture.ts";
import { until } from "../support/until.ts";
import { devWithMetrics } from "./metrics-cli.ts";

let dir: PluginsDir;
let cli: CliProcess | undefined;
beforeEach(async () => {
  dir = await PluginsDir.create();
});
afterEach(async () => {
  await killLeftovers();
  await dir.dispose();
});

const probe = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, body: await response.text() };
};
const readyz = async (url: string) => {
  const response = await fetch(`${url}/readyz`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe("/readyz and /healthz through the CLI", () => {
  test("/readyz walks 200, 503 while a broken save leaves the plugin stale, 200 once fixed", async () => {
    await dir.plugin({ name: "greeter", files: { "index.ts": helloPlugin("v1") } });
    const started = await devWithMetrics(dir.root, ["--debounce", "20"]);
    cli = started.cli;
    expect(await readyz(started.url)).toEqual({ status: 200, body: { ready: true, notReady: [] } });

    let mark = cli.mark;
    await dir.write("greeter/index.ts", "export default { setup( };\n");
    await cli.waitFor((e) => e.type === "plugin:failed" && e.plugin === "greeter", { from: mark });
    const broken = await readyz(started.url);
    expect(broken.status).toBe(503);
    expect(broken.body).toMatchObject({
      ready: false,
      notReady: [{ plugin: "greeter", state: "stale", reason: expect.any(String) }],
    });
    expect((await probe(`${started.url}/healthz`)).status).toBe(200);

    mark = cli.mark;
    await dir.write("greeter/index.ts", helloPlugin("v2"));
    await cli.waitFor((e) => e.type === "plugin:reloaded" && e.plugin === "greeter", {
      from: mark,
    });
    expect(await readyz(started.url)).toEqual({ status: 200, body: { ready: true, notReady: [] } });
  });

  test("/readyz is 503 while a plugin waits for a missing dependency, naming it", async () => {
    await dir.plugin({ name: "fine", files: { "index.ts": helloPlugin("ok") } });
    await dir.plugin({
      name: "needy",
      dependsOn: ["clock"],
      files: { "index.ts": helloPlugin("x") },
    });
    const started = await devWithMetrics(dir.root);
    cli = started.cli;
    const answer = await readyz(started.url);
    expect(answer.status).toBe(503);
    expect(answer.body.notReady).toEqual([
      { plugin: "needy", state: "waiting", reason: expect.stringContaining("clock") },
    ]);
  });

  test("/healthz answers while a reload is in progress; /readyz says not ready until it ends", async () => {
    const startedFile = dir.path("..", "setup-started");
    const releaseFile = dir.path("..", "setup-release");
    // From generation 2 on, setup() waits for the test to let it go: a reload as slow as we like.
    const slow = `import { existsSync, writeFileSync } from "node:fs";
export default {
  async setup(ctx) {
    if (ctx.generation > 1) {
      writeFileSync(${JSON.stringify(startedFile)}, "");
      while (!existsSync(${JSON.stringify(releaseFile)})) await new Promise((r) => setTimeout(r, 10));
    }
    return {};
  },
};
`;
    await dir.plugin({ name: "slow", files: { "index.ts": slow } });
    const started = await devWithMetrics(dir.root, ["--debounce", "20"]);
    cli = started.cli;
    const mark = cli.mark;
    await dir.write("slow/index.ts", `${slow}// saved\n`);
    await until("the reload's setup() has begun", () => existsSync(startedFile), 10_000);

    expect(await probe(`${started.url}/healthz`)).toEqual({ status: 200, body: "ok\n" });
    const during = await readyz(started.url);
    expect(during.status).toBe(503);
    expect(during.body.notReady).toMatchObject([{ plugin: "slow" }]);
    expect(cli.events.slice(mark).some((e) => e.type === "plugin:reloaded")).toBe(false);

    await writeFile(releaseFile, "");
    await cli.waitFor((e) => e.type === "plugin:reloaded" && e.plugin === "slow", { from: mark });
    expect((await readyz(started.url)).status).toBe(200);
  });
});
