import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { type Browser, openBrowser } from "./browser.ts";
import { FakeHost, pluginStatus } from "./fake-host.ts";

// The page's script runs only in a browser: these tests drive a real Chromium against the
// real server, with a host whose plugins and events each test sets.
let browser: Browser;
let host: FakeHost;
let page: Page;
beforeAll(async () => {
  browser = await openBrowser();
}, 30_000);
afterAll(() => browser.close());
afterEach(async () => {
  await page.close();
  await host.close();
});

const HOSTILE =
  "<img src=x onerror=window.pwned=1>Unexpected </script><script>window.pwned=2</script>";

async function openPage(): Promise<Page> {
  page = await browser.page.context().newPage();
  await page.goto(`${host.url}/`);
  await page.waitForSelector("#link.live", { timeout: 5000 });
  return page;
}

const text = (selector: string) => page.locator(selector).first().textContent();
describe("the dashboard page", () => {
  test("a row per plugin with its state in words; a stale or failed one's error as text", async () => {
    host = new FakeHost();
    host.plugins = [
      pluginStatus({
        name: "greeter",
        generation: 3,
        isolation: "worker",
        swap: "overlap",
        reloads: 2,
        lastReloadMs: 12.34,
        probation: { generation: 3, lastGood: 2, leftMs: 1500 },
        warnings: [
          {
            kind: "leftovers",
            message:
              "greeter generation 2 left 1 interval running (plugins/greeter/index.ts:4:5); cleared it",
            file: "greeter/index.ts",
            line: 4,
            column: 5,
          },
        ],
        listener: {
          address: "127.0.0.1:3000",
          mode: "serving",
          inFlight: 0,
          webSockets: 0,
          requests: 41,
          held: 2,
          holding: 0,
          heldWaitP50Ms: 1,
          heldWaitP95Ms: 2,
          drained: 0,
          unavailable: 0,
          errors: 0,
        },
      }),
      pluginStatus({
        name: "old",
        stale: true,
        errors: 1,
        lastError: {
          phase: "import",
          message: HOSTILE,
          file: "old/<b>index</b>.ts",
          line: 3,
          column: 7,
          frame: "3 | const x = <div>;\n  |           ^",
        },
      }),
      pluginStatus({
        name: "dead",
        state: "failed",
        version: null,
        generation: null,
        lastError: { phase: "setup", message: "boom" },
      }),
      pluginStatus({ name: "patient", state: "waiting", version: null, generation: null }),
    ];
    await host.serve();
    await openPage();

    const rows = await page
      .locator("tr[data-plugin]")
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)),
      );
    expect(rows).toEqual([
      [
        "greeter",
        "1.0.0",
        "running probation 1.5 s (back to 2)",
        "3",
        "worker",
        "overlap",
        "2",
        "12.3 ms",
        "127.0.0.1:3000 \u00b7 41 req, 2 held, 0 503",
      ],
      ["old", "1.0.0", "stale", "1", "none", "stop-first", "0", "-", "-"],
      ["dead", "-", "failed", "-", "none", "stop-first", "0", "-", "-"],
      ["patient", "-", "waiting", "-", "none", "stop-first", "0", "-", "-"],
    ]);
    expect(await text('[data-warning-for="greeter"] .message')).toBe(
      "leftovers: greeter generation 2 left 1 interval running (plugins/greeter/index.ts:4:5); cleared it",
    );
    expect(await text('[data-warning-for="greeter"] .where')).toBe("greeter/index.ts:4:5");
    expect(await text('[data-error-for="old"] .message')).toBe(`import: ${HOSTILE}`);
    expect(await text('[data-error-for="old"] .where')).toBe("old/<b>index</b>.ts:3:7");
    expect(await text('[data-error-for="old"] pre.frame')).toBe(
      "3 | const x = <div>;\n  |           ^",
    );
    expect(await text('[data-error-for="dead"] .message')).toBe("setup: boom");
    expect(await page.locator('[data-error-for="dead"] .where').count()).toBe(0);
    expect(await page.locator('[data-error-for="greeter"]').count()).toBe(0);
    // Nothing from a plugin became markup or ran.
    expect(await page.evaluate("window.pwned")).toBeUndefined();
    expect(await page.locator("img, #plugins b").count()).toBe(0);
    expect(await page.locator("script").count()).toBe(2);
  });

  test("reloads before the page opened are on the timeline, each bar as tall as it took", async () => {
    host = new FakeHost();
    host.plugins = [pluginStatus({ name: "greeter" })];
    await host.serve();
    host.reloaded("greeter", 2, 10, ["greeter/index.ts"]);
    host.reloaded("greeter", 3, 40, ["greeter/index.ts", "_shared/format.ts"]);
    await openPage();
    const bars = await page.locator("#timeline .bar").evaluateAll((nodes) =>
      nodes.map((bar) => ({
        style: bar.getAttribute("style"),
        title: bar.getAttribute("title"),
      })),
    );
    expect(bars.map((bar) => bar.style)).toEqual(["height: 25%;", "height: 100%;"]);
    expect(bars[1]?.title).toContain("generation 3, 40.0 ms");
    expect(bars[1]?.title).toContain("greeter/index.ts, _shared/format.ts");
  });

  test("events update it live: no page reload, no polling", async () => {
    host = new FakeHost();
    host.plugins = [pluginStatus({ name: "greeter", generation: 1 })];
    await host.serve();
    await openPage();
    await page.evaluate("window.sameDocument = true");
    const requests: string[] = [];
    page.on("request", (request) => requests.push(new URL(request.url()).pathname));

    host.plugins = [pluginStatus({ name: "greeter", generation: 2, reloads: 1, lastReloadMs: 5 })];
    host.reloaded("greeter", 2, 5, ["greeter/index.ts"]);
    await page
      .locator('tr[data-plugin="greeter"] [data-field="generation"]:text-is("2")')
      .waitFor({ timeout: 5000 });
    host.plugins = [
      pluginStatus({
        name: "greeter",
        generation: 2,
        stale: true,
        lastError: { phase: "import", message: HOSTILE, file: "greeter/index.ts", line: 1 },
      }),
    ];
    host.emit("plugin:failed", {
      plugin: "greeter",
      phase: "import",
      message: HOSTILE,
      file: "greeter/index.ts",
      line: 1,
      timedOut: false,
      rolledBack: false,
      runningGeneration: 2,
    });
    await page.waitForSelector('tr[data-plugin="greeter"][data-state="stale"]', { timeout: 5000 });
    expect(await text('[data-error-for="greeter"] .where')).toBe("greeter/index.ts:1:1");
    const bars = await page
      .locator("#timeline .bar")
      .evaluateAll((nodes) =>
        nodes.map((bar) => ({ kind: bar.getAttribute("class"), style: bar.getAttribute("style") })),
      );
    expect(bars).toEqual([
      { kind: "bar ok", style: "height: 100%;" },
      { kind: "bar failed", style: "height: 100%;" },
    ]);
    expect(await page.locator("#timeline .bar.failed").getAttribute("title")).toContain(HOSTILE);
    expect(await page.evaluate("window.sameDocument")).toBe(true);
    expect(await page.evaluate("window.pwned")).toBeUndefined();
    // Only /status, once per event at most; the page itself was never fetched again.
    expect(requests.filter((path) => path !== "/status")).toEqual([]);
    expect(requests.length).toBeLessThanOrEqual(2);
  });

  test("says so when the host stops answering", async () => {
    host = new FakeHost();
    await host.serve();
    await openPage();
    expect(await text("#no-plugins")).toContain("No plugins");
    expect(await page.locator("#no-plugins").isVisible()).toBe(true);
    await host.close();
    await page.waitForSelector("#link.down", { timeout: 5000 });
    expect(await text("#link")).toMatch(/reconnecting|not answering/);
  });
});
