import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { type Browser, openBrowser } from "../metrics/browser.ts";
import { devWithMetrics } from "../metrics/metrics-cli.ts";
import { type CliProcess, REPO } from "../support/cli-process.ts";
import { copyExamples } from "../support/example-plugins.ts";

// `HOTPLUG_SCREENSHOT=1 bun test tests/e2e/dashboard.test.ts` also saves docs/dashboard.png.
const SCREENSHOT = process.env.HOTPLUG_SCREENSHOT === "1";

let work: string;
let browser: Browser;
let host: CliProcess;
let url: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "hotplug-dashboard-"));
  await copyExamples(work);
  browser = await openBrowser();
  ({ cli: host, url } = await devWithMetrics("plugins", ["--debounce", "20"], work));
}, 30_000);
afterAll(async () => {
  if (host && host.proc.exitCode === null) await host.stop("SIGKILL");
  await browser?.close();
  await rm(work, { recursive: true, force: true });
});

const row = (page: Page, plugin: string) => page.locator(`tr[data-plugin="${plugin}"]`);
const cell = (page: Page, plugin: string, field: string) =>
  row(page, plugin).locator(`[data-field="${field}"]`).textContent();
/** Waits until the plugin's row shows that state and generation. */
const untilState = (page: Page, plugin: string, state: string, generation: string) =>
  page
    .locator(
      `tr[data-plugin="${plugin}"][data-state="${state}"] [data-field="generation"]:text-is("${generation}")`,
    )
    .waitFor({ timeout: 10_000 });

describe("the dashboard, in Chromium, on `hotplug dev plugins.example`", () => {
  test("shows every plugin, then a save, a broken save and its fix, live", async () => {
    const { page } = browser;
    await page.goto(`${url}/`);
    await page.waitForSelector("#link.live", { timeout: 5000 });
    const examples = (await readdir(join(REPO, "plugins.example"), { withFileTypes: true }))
      .filter((entry) => existsSync(join(REPO, "plugins.example", entry.name, "plugin.json")))
      .map((entry) => entry.name)
      .sort();
    const shown = await page
      .locator("tr[data-plugin]")
      .evaluateAll((rows) =>
        rows.map((tr) => [tr.getAttribute("data-plugin"), tr.getAttribute("data-state")]),
      );
    expect(shown).toEqual(examples.map((name) => [name, "running"]));
    expect(await cell(page, "greeter", "generation")).toBe("1");
    await page.evaluate("window.sameDocument = true");

    const entry = join(work, "plugins", "greeter", "index.ts");
    const good = await readFile(entry, "utf8");
    await writeFile(entry, `${good}// saved\n`);
    await untilState(page, "greeter", "running", "2");
    expect(await page.locator('#timeline .bar.ok[data-plugin="greeter"]').count()).toBe(1);
    expect(
      await page.locator('#timeline .bar[data-plugin="greeter"]').getAttribute("title"),
    ).toContain("greeter/index.ts");

    // Saves one after the other each show up, and fill the timeline a little.
    const counter = join(work, "plugins", "counter", "index.ts");
    const counting = await readFile(counter, "utf8");
    for (let save = 1; save <= 4; save++) {
      await writeFile(counter, `${counting}// save ${save}\n`);
      await untilState(page, "counter", "running", String(save + 1));
    }
    expect(await page.locator('#timeline .bar.ok[data-plugin="counter"]').count()).toBe(4);

    await writeFile(entry, good.replace("setup(ctx): GreeterApi {", "setup(ctx): GreeterApi {{"));
    await untilState(page, "greeter", "stale", "2");
    const error = page.locator('[data-error-for="greeter"]');
    expect(await error.locator(".message").textContent()).toStartWith("import: ");
    expect(await page.locator("#timeline .bar.failed").count()).toBe(1);
    // Where the error is and its code frame: the broken line, as status()'s lastError has it.
    const where = (await error.locator(".where").textContent()) ?? "";
    expect(where).toMatch(/^greeter\/index\.ts:\d+:\d+$/);
    const line = where.split(":")[1];
    expect(await error.locator("pre.frame").textContent()).toStartWith(`${line} | `);
    if (SCREENSHOT) {
      await page.locator("body").screenshot({ path: join(REPO, "docs", "dashboard.png") });
    }

    await writeFile(entry, good);
    await untilState(page, "greeter", "running", "3");
    expect(await error.count()).toBe(0);
    expect(await page.evaluate("window.sameDocument")).toBe(true);
  }, 60_000);
});
