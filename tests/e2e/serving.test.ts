import { describe, expect, test } from "bun:test";
import { CliProcess, useCliPluginsDir } from "../support/cli-process.ts";
import { freePort } from "../support/free-port.ts";

/**
 * A plugin that serves, through the real CLI: the host owns its listener, so requests are
 * answered through every reload, in both swap modes and both isolations.
 */
const t = useCliPluginsDir();

/** `web`, answering with its version, on `port`. */
const web = (version: string, extra = "") => `export default {
  setup() { return {}; },
  fetch(request) {
    const path = new URL(request.url).pathname;
    ${extra}
    return new Response(${JSON.stringify(version)} + " " + path);
  },
};`;

async function serving(
  port: number,
  manifest: Record<string, unknown>,
  source: string,
  args: string[] = [],
) {
  await t.dir.plugin({
    name: "web",
    manifest: { listen: port, ...manifest },
    files: { "index.ts": source },
  });
  const cli = CliProcess.cli(["dev", t.dir.root, "--json", "--debounce", "0", ...args]);
  await cli.waitFor((e) => e.type === "host:ready");
  return cli;
}

/** Clients asking without pause until stopped: every answer, and every failure to get one. */
function clients(port: number, count: number) {
  const answers: { status: number; text: string; at: number }[] = [];
  const failures: string[] = [];
  let running = true;
  const loops = Array.from({ length: count }, async () => {
    while (running) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/x`);
        answers.push({
          status: response.status,
          text: await response.text(),
          at: performance.now(),
        });
      } catch (error) {
        failures.push((error as Error).message);
      }
    }
  });
  return {
    answers,
    failures,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

const MODES = [
  ["stop-first", "none"],
  ["overlap", "none"],
  ["stop-first", "worker"],
  ["overlap", "worker"],
] as const;

describe("8 clients without pause through 100 reloads", () => {
  for (const [swap, isolation] of MODES) {
    test(`${swap}, isolation ${isolation}: nothing refused or failed, each reload's answers new`, async () => {
      const port = await freePort();
      const cli = await serving(port, { swap, isolation }, web("v0"));
      const load = clients(port, 8);
      for (let n = 1; n <= 100; n++) {
        const from = cli.events.length;
        await t.dir.write("web/index.ts", web(`v${n}`));
        // A request sent after the write's reload event is answered by the new code. The first
        // reload event after the write can be a follow-up of the previous write, whose file was
        // still changing while it was imported: then only the previous code may answer, and the
        // write's own reload comes next.
        for (let seen = from; ; ) {
          const reloaded = await cli.waitFor(
            (e) => e.type === "plugin:reloaded" && e.plugin === "web",
            { from: seen },
          );
          seen = cli.events.indexOf(reloaded) + 1;
          const text = await (await fetch(`http://127.0.0.1:${port}/check`)).text();
          if (text === `v${n} /check`) break;
          expect(text).toBe(`v${n - 1} /check`);
        }
      }
      await load.stop();
      expect(load.failures).toEqual([]);
      expect(load.answers.filter((a) => a.status !== 200)).toEqual([]);
      expect(load.answers.length).toBeGreaterThan(200);
      expect(cli.events.filter((e) => e.type === "plugin:failed")).toEqual([]);
      expect(await cli.stop()).toBe(0);
    }, 120_000);
  }
});

describe("a serving plugin's requests", () => {
  test("a slow streamed response in flight during a reload completes, from the generation that took it", async () => {
    const port = await freePort();
    const slow = (version: string) =>
      web(
        version,
        `if (path === "/slow") {
      let n = 0;
      const stream = new ReadableStream({
        async pull(controller) {
          await new Promise((r) => setTimeout(r, 100));
          if (n++ === 5) return controller.close();
          controller.enqueue(new TextEncoder().encode(${JSON.stringify(version)} + ":" + n + " "));
        },
      });
      return new Response(stream);
    }`,
      );
    const cli = await serving(port, {}, slow("v1"));
    const inFlight = fetch(`http://127.0.0.1:${port}/slow`).then((r) => r.text());
    await new Promise((r) => setTimeout(r, 150)); // the response has begun
    const from = cli.events.length;
    await t.dir.write("web/index.ts", slow("v2"));
    await cli.waitFor((e) => e.type === "plugin:reloaded", { from, timeoutMs: 10_000 });
    expect(await inFlight).toBe("v1:1 v1:2 v1:3 v1:4 v1:5 ");
    expect(await (await fetch(`http://127.0.0.1:${port}/x`)).text()).toBe("v2 /x");
  });

  test("a broken save leaves the old generation answering every request", async () => {
    const port = await freePort();
    const cli = await serving(port, {}, web("v1"));
    const load = clients(port, 4);
    const from = cli.events.length;
    await t.dir.write("web/index.ts", "export default { setup() { return {}; }, fetch( };");
    await cli.waitFor((e) => e.type === "plugin:failed", { from });
    await new Promise((r) => setTimeout(r, 100));
    await load.stop();
    expect(load.failures).toEqual([]);
    expect(new Set(load.answers.map((a) => `${a.status} ${a.text}`))).toEqual(
      new Set(["200 v1 /x"]),
    );
  });

  test("a plugin that failed answers 503 at once, with Retry-After and its state", async () => {
    const port = await freePort();
    const cli = await serving(
      port,
      {},
      'export default { setup() { throw new Error("no"); }, fetch: () => new Response("never") };',
    );
    expect(cli.events.find((e) => e.type === "host:ready")).toMatchObject({ failed: ["web"] });
    const response = await fetch(`http://127.0.0.1:${port}/`);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(await response.json()).toMatchObject({ plugin: "web", state: "failed" });
  });

  test("an open WebSocket stays up across 10 reloads; each later message is answered by the new code", async () => {
    const port = await freePort();
    const echo = (version: string) => `export default {
  setup() { return {}; },
  fetch(request, ctx) {
    if (ctx.upgrade(request, { data: { since: ${JSON.stringify(version)} } })) return undefined;
    return new Response("no socket");
  },
  websocket: {
    message(ws, message) { ws.send(${JSON.stringify(version)} + " " + message + " (from " + ws.data.since + ")"); },
  },
};`;
    const cli = await serving(port, {}, echo("v0"));
    const socket = new WebSocket(`ws://127.0.0.1:${port}/`);
    const received: string[] = [];
    let closed = false;
    socket.onclose = () => {
      closed = true;
    };
    const next = () =>
      new Promise<string>((resolve) => {
        socket.onmessage = (event) => resolve(String(event.data));
      });
    await new Promise((resolve) => {
      socket.onopen = resolve;
    });
    for (let n = 1; n <= 10; n++) {
      const from = cli.events.length;
      await t.dir.write("web/index.ts", echo(`v${n}`));
      await cli.waitFor((e) => e.type === "plugin:reloaded", { from });
      const answer = next();
      socket.send(`hello ${n}`);
      received.push(await answer);
    }
    expect(closed).toBe(false);
    expect(received).toEqual(
      Array.from({ length: 10 }, (_, i) => `v${i + 1} hello ${i + 1} (from v0)`),
    );
    socket.close();
  });

  test("a worker reload that times out: the request its old generation held gets 503, the next is served by the rolled-back code", async () => {
    const port = await freePort();
    const hanging = web("v1", 'if (path === "/hang") return new Promise(() => {});');
    const cli = await serving(port, { isolation: "worker" }, hanging, ["--timeout", "500"]);
    const hung = fetch(`http://127.0.0.1:${port}/hang`).then((r) => r.status);
    await new Promise((r) => setTimeout(r, 100)); // the worker has taken it
    // The new code's start() never returns: its worker is terminated at the time-out.
    const from = cli.events.length;
    await t.dir.write(
      "web/index.ts",
      web("v2").replace(
        "setup() { return {}; },",
        "setup() { return {}; },\n  start() { for (;;) {} },",
      ),
    );
    expect(await hung).toBe(503);
    const failed = await cli.waitFor((e) => e.type === "plugin:failed", { from });
    expect(failed).toMatchObject({ phase: "start", timedOut: true, rolledBack: true });
    expect(await (await fetch(`http://127.0.0.1:${port}/x`)).text()).toBe("v1 /x");
  });

  test("a worker that crashes mid-request: that request gets 503, the listener stays open, a save restarts it", async () => {
    const port = await freePort();
    const crashing = web(
      "v1",
      'if (path === "/crash") setTimeout(() => process.exit(3), 10);\n    if (path === "/crash") return new Promise(() => {});',
    );
    const cli = await serving(port, { isolation: "worker" }, crashing);
    expect((await fetch(`http://127.0.0.1:${port}/crash`)).status).toBe(503);
    await cli.waitFor((e) => e.type === "plugin:failed" && e.phase === "runtime");
    const meanwhile = await fetch(`http://127.0.0.1:${port}/x`);
    expect(meanwhile.status).toBe(503);
    expect(await meanwhile.json()).toMatchObject({ state: "failed" });
    const from = cli.events.length;
    await t.dir.write("web/index.ts", web("v2"));
    await cli.waitFor((e) => e.type === "plugin:started", { from });
    expect(await (await fetch(`http://127.0.0.1:${port}/x`)).text()).toBe("v2 /x");
  });
});
