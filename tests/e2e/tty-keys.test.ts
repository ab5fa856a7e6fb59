import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { CLI } from "../support/cli-process.ts";
import { helloPlugin, PluginsDir } from "../support/plugin-fixture.ts";

let dir: PluginsDir;
beforeEach(async () => {
  dir = await PluginsDir.create();
});
afterEach(() => dir.dispose());

/** Runs `hotplug dev` on a pseudo-terminal (util-linux `script`), typing into it. */
function onTerminal(args: string[]) {
  const command = ["bun", CLI, ...args].map((part) => `'${part}'`).join(" ");
  const proc = Bun.spawn(["script", "-qfec", command, "/dev/null"], {
    stdin: "pipe",
    stdout: "pipe",
    stderr: "pipe",
  });
  let screen = "";
  const events: { type: string; cause?: string }[] = [];
  const reading = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of proc.stdout) {
      screen += decoder.decode(chunk, { stream: true });
      events.length = 0;
      for (const line of screen.split(/\r?\n/))
        if (line.startsWith("{")) events.push(JSON.parse(line));
    }
  })();
  const waitFor = async (match: (e: { type: string; cause?: string }) => boolean, count = 1) => {
    const deadline = Date.now() + 10_000;
    while (events.filter(match).length < count) {
      if (Date.now() > deadline) throw new Error(`not seen on the terminal:\n${screen}`);
      await Bun.sleep(10); // polling a buffer filled by the reader above, bounded by the deadline
    }
  };
  const type = (text: string) => {
    proc.stdin.write(text);
    proc.stdin.flush();
  };
  return { proc, waitFor, type, reading };
}

describe.skipIf(!Bun.which("script"))("keys in a terminal", () => {
  test("r + Enter reloads every plugin, q + Enter quits with exit 0", async () => {
    await dir.plugin({ name: "one", files: { "index.ts": helloPlugin("1") } });
    await dir.plugin({ name: "two", files: { "index.ts": helloPlugin("2") } });
    const term = onTerminal(["dev", dir.root, "--json"]);
    try {
      await term.waitFor((e) => e.type === "host:ready");
      term.type("r\n");
      await term.waitFor((e) => e.type === "plugin:reloaded" && e.cause === "manual", 2);
      term.type("q\n");
      await term.waitFor((e) => e.type === "host:stopped");
      expect(await term.proc.exited).toBe(0);
    } finally {
      term.proc.kill("SIGKILL");
    }
  }, 30_000);
});
