import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { CHROMIUM_ENV, findChromium, thisMachine } from "../../scripts/provide-chromium.ts";

export interface Browser {
  readonly page: Page;
  close(): Promise<void>;
}

/**
 * A headless Chromium with a fresh profile: the one `bun run test` provides (see
 * scripts/provide-chromium.ts). Without the background-networking flags it keeps opening
 * connections that the closed network refuses. Missing Chromium is a failure, never a skip:
 * the dashboard's tests are the only ones that run its script.
 */
export async function openBrowser(): Promise<Browser> {
  const executablePath = findChromium(thisMachine());
  if (executablePath === undefined) {
    throw new Error(
      `no Chromium for the dashboard's browser tests: \`bun run test\` (or \`bun scripts/provide-chromium.ts\`) installs Debian's chromium when run as root; or set ${CHROMIUM_ENV}`,
    );
  }
  const profile = await mkdtemp(join(tmpdir(), "hotplug-chromium-"));
  let context: BrowserContext;
  try {
    // playwright takes the profile folder itself and refuses a --user-data-dir argument.
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
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
