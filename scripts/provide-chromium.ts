/**
 * The Chromium that the dashboard's browser tests drive (playwright-core brings no browser, and
 * cannot download one on a machine that reaches only the npm registry and Debian's mirrors).
 * `bun run test` runs this first: it finds one, or as root installs Debian's `chromium` with
 * apt-get, as .ci/run used to; when neither works it says so in one line and the run fails.
 */
import { accessSync, constants } from "node:fs";

/** A Chrome or Chromium of your own, where none of the usual places has one. */
export const CHROMIUM_ENV = "HOTPLUG_CHROMIUM";

/** Looked up on PATH, in this order: Debian's and Ubuntu's names, then Google's. */
const NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];
/** macOS keeps browsers off PATH. */
const APPS = [
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];

/** What finding and installing a browser touches of the machine, so a test can fake it. */
export interface Machine {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly isRoot: boolean;
  which(name: string): string | null;
  isExecutable(path: string): boolean;
  /** Runs a command to its end: whether it exited 0, and what it printed. */
  run(command: readonly string[]): Promise<{ ok: boolean; output: string }>;
  log(line: string): void;
}

export const thisMachine = (): Machine => ({
  env: process.env,
  isRoot: process.getuid?.() === 0,
  which: (name) => Bun.which(name),
  isExecutable(path) {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
  async run(command) {
    const proc = Bun.spawn([...command], {
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    const [stdout, stderr, code] = await Promise.all([
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
      proc.exited,
    ]);
    return { ok: code === 0, output: stdout + stderr };
  },
  log: (line) => console.error(line),
});

/** The browser to drive: $HOTPLUG_CHROMIUM, else the first of the usual ones that is there. */
export function findChromium(machine: Machine): string | undefined {
  const chosen = machine.env[CHROMIUM_ENV];
  if (chosen) return machine.isExecutable(chosen) ? chosen : undefined;
  for (const name of NAMES) {
    const path = machine.which(name);
    if (path !== null) return path;
  }
  return APPS.find((path) => machine.isExecutable(path));
}

/** Why no browser could be had, in the one line a test run starts with. */
export class NoChromiumError extends Error {
  override readonly name = "NoChromiumError";
}

const HOW = `install Debian's chromium as root (apt-get install chromium), or set ${CHROMIUM_ENV} to a Chrome or Chromium`;

/** Finds a browser, else installs Debian's chromium when it can (root, apt-get); else throws. */
export async function provideChromium(machine: Machine): Promise<string> {
  const chosen = machine.env[CHROMIUM_ENV];
  if (chosen && !machine.isExecutable(chosen)) {
    throw new NoChromiumError(
      `browser tests: ${CHROMIUM_ENV}=${chosen} is not an executable file; the dashboard's browser tests cannot run`,
    );
  }
  const found = findChromium(machine);
  if (found) return found;
  const cannot = !machine.isRoot
    ? "not root"
    : !machine.which("apt-get")
      ? "no apt-get"
      : undefined;
  if (cannot) {
    throw new NoChromiumError(
      `browser tests: no Chromium found, and none can be installed here (${cannot}): ${HOW}`,
    );
  }
  machine.log("browser tests: no Chromium found; installing Debian's chromium with apt-get (once)");
  for (const command of [
    ["apt-get", "update", "-qq"],
    ["apt-get", "install", "-y", "-qq", "chromium"],
  ]) {
    const { ok, output } = await machine.run(command);
    if (!ok) {
      const last = output.trim().split("\n").at(-1) ?? "";
      throw new NoChromiumError(
        `browser tests: \`${command.join(" ")}\` failed (${last.trim()}): the dashboard's browser tests cannot run`,
      );
    }
  }
  const installed = findChromium(machine);
  if (!installed) {
    throw new NoChromiumError(
      "browser tests: apt-get installed chromium, but no chromium is on PATH: the dashboard's browser tests cannot run",
    );
  }
  machine.log(`browser tests: installed ${installed}`);
  return installed;
}

if (import.meta.main) {
  try {
    await provideChromium(thisMachine());
  } catch (error) {
    if (!(error instanceof NoChromiumError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
