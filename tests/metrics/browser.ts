import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";

/** Debian's chromium, which .ci/run installs; playwright cannot download a browser here. */
export const CHROMIUM = "/usr/bin/chromium";

export interface Browser {
  readonly page: Page;
  close(): Promise<void>;
}

/**
 * A headless Chromium with a fresh profile. Without the background-networking flags it keeps
 * opening connections that the closed network refuses. Missing Chromium is a failure, never a
 * skip: the dashboard's tests are the only ones that run its script.
 */
export async function openBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} not found: the dashboard tests need Debian's chromium (apt-get install -y chromium; .ci/run installs it)`,
    );
  }
  const profile = await mkdtemp(join(tmpdir(), "hotplug-chromium-"));
  let context: BrowserContext;
  try {
    // playwright takes the profile folder itself and refuses a --user-data-dir argument.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        "--disable-quic",
        "--disable-component-update",
        "--disable-sync",
      ],
      viewport: { width: 1100, height: 720 },
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
