import { describe, expect, test } from "bun:test";
import { dirname } from "node:path";
import { leftoverLines } from "../../src/leftovers/leftover-report.ts";
import { until } from "../support/until.ts";
import { useLeftovers, where } from "./leftovers-fixture.ts";

const leftovers = useLeftovers();

// Forgets all three: an interval, a process listener, a server.
const FORGETFUL = `
export default {
  setup() {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const onPing = () => {};
    process.on("hotplug-ping", onPing);
    const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("up") });
    // What stop() should have done: the warn test calls it after its checks.
    const cleanUp = () => {
      clearInterval(timer);
      process.off("hotplug-ping", onPing);
      server.stop(true);
    };
    return { ticks: () => ticks, onPing, port: server.port, cleanUp };
  },
};
`;

interface Forgetful {
  ticks(): number;
  onPing: () => void;
  port: number;
  cleanUp(): void;
}

const at = (file: string, source: string, text: string) => {
  const { line, column } = where(source, text);
  return { file, line, column };
};

describe("a generation that forgets an interval, a process listener and a Bun.serve", () => {
  test("each is reported with its creating line, then cleared: the interval stops firing", async () => {
    const { dir, start } = await leftovers.create("clear");
    const entry = await dir.write("forgetful/index.ts", FORGETFUL);
    const running = await start<Forgetful>("forgetful", 3);
    const { api } = running;
    await until("the plugin's interval ticks", () => api.ticks() > 0);
    const url = `http://127.0.0.1:${api.port}/`;
    expect(await (await fetch(url)).text()).toBe("up");

    const report = await running.stop();

    expect(report).toEqual({
      plugin: "forgetful",
      generation: 3,
      mode: "clear",
      groups: [
        {
          kind: "interval",
          count: 1,
          places: [{ ...at(entry, FORGETFUL, "setInterval("), count: 1 }],
        },
        {
          kind: "process-listener",
          count: 1,
          places: [
            { ...at(entry, FORGETFUL, 'on("hotplug-ping"'), what: '"hotplug-ping"', count: 1 },
          ],
        },
        {
          kind: "server",
          count: 1,
          places: [{ ...at(entry, FORGETFUL, "serve({"), what: url, count: 1 }],
        },
      ],
    });
    const interval = where(FORGETFUL, "setInterval(");
    expect(leftoverLines(report, dirname(dir.root))[0]).toBe(
      `forgetful generation 3 left 1 interval running (plugins/forgetful/index.ts:${interval.line}:${interval.column}); cleared it`,
    );

    // Cleared: over 20 ticks of an interval of the same period, the plugin's does not tick.
    const ticks = api.ticks();
    let control = 0;
    const timer = setInterval(() => control++, 5);
    await until("20 ticks of the control interval", () => control >= 20);
    clearInterval(timer);
    expect(api.ticks()).toBe(ticks);
    expect(process.listeners("hotplug-ping" as never)).not.toContain(api.onPing);
    await expect(fetch(url)).rejects.toThrow();
  });

  test("warn reports the same and leaves them running; a later report does not repeat them", async () => {
    const { dir, start } = await leftovers.create("warn");
    await dir.write("forgetful/index.ts", FORGETFUL);
    const first = await start<Forgetful>("forgetful", 1);
    const report = await first.stop();
    expect(report.mode).toBe("warn");
    expect(report.groups.map((group) => group.kind)).toEqual([
      "interval",
      "process-listener",
      "server",
    ]);
    expect(leftoverLines(report, "/")[0]).not.toContain("cleared");
    const ticks = first.api.ticks();
    await until("the interval still ticks", () => first.api.ticks() > ticks);
    expect(process.listeners("hotplug-ping" as never)).toContain(first.api.onPing);
    expect(await (await fetch(`http://127.0.0.1:${first.api.port}/`)).text()).toBe("up");

    const second = await start<Forgetful>("forgetful", 2);
    const again = await second.stop();
    // Only the second generation's own three: the first one's were reported already.
    expect(again.groups.map((group) => group.count)).toEqual([1, 1, 1]);
    first.api.cleanUp();
    second.api.cleanUp();
  });
});

test("a generation that cleans up in stop() is reported clean", async () => {
  const { dir, start, recorder } = await leftovers.create("clear");
  await dir.write(
    "tidy/index.ts",
    `
let timer, server, onPing;
export default {
  setup() {
    timer = setInterval(() => {}, 5);
    onPing = () => {};
    process.on("hotplug-ping", onPing);
    server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("up") });
    setTimeout(() => {}, 1); // fires before stop: nothing to report
  },
  async stop() {
    clearInterval(timer);
    process.removeListener("hotplug-ping", onPing);
    await server.stop(true);
  },
};
`,
  );
  const before = recorder.live;
  for (let generation = 1; generation <= 5; generation++) {
    const running = await start("tidy", generation);
    await new Promise((fired) => setTimeout(fired, 5));
    expect((await running.stop()).groups).toEqual([]);
  }
  expect(recorder.live).toBe(before);
});

test("what a helper module creates is the plugin's that imports it, after an await too", async () => {
  const { dir, start } = await leftovers.create("clear");
  // Not \`return setInterval(...)\`: JavaScriptCore's proper tail calls drop the helper's
  // frame from such a stack, and the line shown is then its caller's (still the plugin's).
  const TICKER = `
export function startTicker() {
  const now = setInterval(() => {}, 1000);
  return now;
}
export async function startLater() {
  await new Promise((resolve) => setTimeout(resolve, 1));
  const later = setInterval(() => {}, 1000);
  return later;
}
`;
  const helper = await dir.write("greeter/lib/ticker.ts", TICKER);
  await dir.write(
    "greeter/index.ts",
    `import { startLater, startTicker } from "./lib/ticker.ts";
export default {
  async setup() {
    startTicker();
    await startLater();
  },
};
`,
  );
  const report = await (await start("greeter")).stop();
  expect(report.groups).toEqual([
    {
      kind: "interval",
      count: 2,
      places: [
        { ...at(helper, TICKER, "setInterval(() => {}, 1000);\n  return now"), count: 1 },
        { ...at(helper, TICKER, "setInterval(() => {}, 1000);\n  return later"), count: 1 },
      ],
    },
  ]);
});

test("a creation in a file two plugins share is not blamed on either: it is nobody's", async () => {
  const { dir, start } = await leftovers.create("clear");
  // Module code: it runs as either plugin imports it, and its stack names only this file.
  const SHARED = `
let count = 0;
const timer = setInterval(() => count++, 5);
export const ticks = () => count;
export const stopTicking = () => clearInterval(timer);
export async function later() {
  await new Promise((resolve) => setTimeout(resolve, 1));
  const made = setInterval(() => {}, 1000);
  return made;
}
`;
  const shared = await dir.write("_shared/ticker.ts", SHARED);
  await dir.write(
    "a/index.ts",
    `import { later, stopTicking, ticks } from "../_shared/ticker.ts";
export default { async setup() { await later(); return { ticks, stopTicking }; } };
`,
  );
  await dir.write(
    "b/index.ts",
    `import { stopTicking, ticks } from "../_shared/ticker.ts";
export default { setup: () => ({ ticks, stopTicking }) };
`,
  );
  type Api = { ticks(): number; stopTicking(): void };
  const a = await start<Api>("a");
  const b = await start<Api>("b");
  try {
    // What a's setup called into the shared file made is a's (its async frame says so), shown
    // at the shared file's line.
    expect((await a.stop()).groups).toEqual([
      {
        kind: "interval",
        count: 1,
        places: [{ ...at(shared, SHARED, "setInterval(() => {}, 1000)"), count: 1 }],
      },
    ]);
    expect((await b.stop()).groups).toEqual([]);
    // The module's own interval was in no report, and clear left it running.
    const ticks = b.api.ticks();
    await until("the shared module's interval still ticks", () => b.api.ticks() > ticks);
  } finally {
    a.api.stopTicking();
    b.api.stopTicking();
  }
});

test("a timer cleared by the number its handle converts to is forgotten", async () => {
  const { dir, start, recorder } = await leftovers.create("clear");
  await dir.write(
    "numbers/index.ts",
    `let id;
export default {
  setup() { id = +setInterval(() => {}, 1000); },
  stop() { clearInterval(id); },
};
`,
  );
  const before = recorder.live;
  const running = await start("numbers");
  expect(recorder.live).toBe(before + 1);
  expect((await running.stop()).groups).toEqual([]);
  expect(recorder.live).toBe(before);
});

test("a recursive setImmediate loop is left as one pending immediate, and ends when cleared", async () => {
  const { dir, start } = await leftovers.create("clear");
  const SOURCE = `let turns = 0;
export default {
  setup() {
    const turn = () => { turns++; setImmediate(turn); };
    setImmediate(turn);
    return { turns: () => turns };
  },
};
`;
  const entry = await dir.write("looping/index.ts", SOURCE);
  const running = await start<{ turns(): number }>("looping");
  await until("the loop turns", () => running.api.turns() > 10);
  const report = await running.stop();
  expect(report.groups).toEqual([
    {
      kind: "immediate",
      count: 1,
      places: [{ ...at(entry, SOURCE, "setImmediate(turn); };"), count: 1 }],
    },
  ]);
  const turns = running.api.turns();
  let control = 0;
  const timer = setInterval(() => control++, 1);
  await until("10 ticks of a control interval", () => control >= 10);
  clearInterval(timer);
  expect(running.api.turns()).toBe(turns);
});

test("listeners on the global scope: kept ones are reported, once and aborted ones are not", async () => {
  const { dir, start } = await leftovers.create("clear");
  const SOURCE = `export default {
  setup() {
    const kept = () => {};
    addEventListener("hotplug-kept", kept);
    addEventListener("hotplug-once", () => {}, { once: true });
    const controller = new AbortController();
    addEventListener("hotplug-aborted", () => {}, { signal: controller.signal });
    controller.abort();
    const removed = { handleEvent() {} };
    addEventListener("hotplug-removed", removed, true);
    removeEventListener("hotplug-removed", removed, { capture: true });
    let heard = 0;
    addEventListener("hotplug-heard", () => heard++);
    return { kept, heard: () => heard };
  },
};
`;
  const entry = await dir.write("global/index.ts", SOURCE);
  const running = await start<{ heard(): number }>("global");
  (globalThis as unknown as EventTarget).dispatchEvent(new Event("hotplug-once"));
  const report = await running.stop();
  expect(report.groups).toEqual([
    {
      kind: "global-listener",
      count: 2,
      places: [
        {
          ...at(entry, SOURCE, 'addEventListener("hotplug-kept"'),
          what: '"hotplug-kept"',
          count: 1,
        },
        {
          ...at(entry, SOURCE, 'addEventListener("hotplug-heard"'),
          what: '"hotplug-heard"',
          count: 1,
        },
      ],
    },
  ]);
  (globalThis as unknown as EventTarget).dispatchEvent(new Event("hotplug-heard"));
  expect(running.api.heard()).toBe(0);
});

test("a node:http server that listens is reported with its address and closed", async () => {
  const { dir, start } = await leftovers.create("clear");
  const SOURCE = `import { createServer } from "node:http";
export default {
  async setup() {
    const server = createServer((_request, response) => response.end("up"));
    await new Promise((listening) => server.listen(0, "127.0.0.1", listening));
    return { port: server.address().port };
  },
};
`;
  const entry = await dir.write("http/index.ts", SOURCE);
  const running = await start<{ port: number }>("http");
  const url = `http://127.0.0.1:${running.api.port}/`;
  expect(await (await fetch(url)).text()).toBe("up");
  const report = await running.stop();
  expect(report.groups).toEqual([
    {
      kind: "server",
      count: 1,
      // The arrow's tail call to listen() leaves no frame (JavaScriptCore's proper tail calls):
      // the line is setup's, where the Promise is made.
      places: [{ ...at(entry, SOURCE, "Promise((listening)"), what: url, count: 1 }],
    },
  ]);
  await expect(fetch(url)).rejects.toThrow();
});

test("a library that starts a timer later, from its own callback, is the plugin's whose generation called it", async () => {
  const { dir, start } = await leftovers.create("clear");
  // Under node_modules, so in no plugin's graph: only the generation's scope can tell.
  const POOL = `export function connect() {
  setTimeout(() => {
    globalThis.keepAlive = setInterval(() => {}, 1000);
  }, 1);
}
`;
  const pool = await dir.write("db/node_modules/pool/index.js", POOL);
  await dir.write(
    "db/node_modules/pool/package.json",
    JSON.stringify({ name: "pool", main: "index.js" }),
  );
  await dir.write(
    "db/index.ts",
    `import { connect } from "pool";
export default { setup() { connect(); } };
`,
  );
  const running = await start("db");
  await until("the pool starts its keep-alive", () => "keepAlive" in globalThis);
  expect((await running.stop()).groups).toEqual([
    {
      kind: "interval",
      count: 1,
      places: [{ ...at(pool, POOL, "setInterval("), count: 1 }],
    },
  ]);
  delete (globalThis as { keepAlive?: unknown }).keepAlive;
});
