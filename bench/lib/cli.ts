import { existsSync } from "node:fs";
import { join } from "node:path";
import { BUN, Child } from "./child.ts";
import { makeTemp, removeTemp } from "./cleanup.ts";
import { markerSource, writePlugin } from "./plugins.ts";

const CLI = join(import.meta.dir, "../../src/cli.ts");

/** `hotplug dev <dir> --json [--debounce <ms>]` run from source; no debounce: the default. */
export function cliDev(dir: string, debounce?: number): string[] {
  const args = debounce === undefined ? [] : ["--debounce", String(debounce)];
  return [BUN, CLI, "dev", dir, "--json", ...args];
}

let works: Promise<boolean> | undefined;

/** Whether src/cli.ts exists and reaches host:ready (another engineer may still be writing it). */
export function cliWorks(): Promise<boolean> {
  works ??= (async () => {
    if (!existsSync(CLI)) return false;
    const base = await makeTemp("cli-probe");
    writePlugin(base, "p", markerSource("probe"));
    const child = new Child(cliDev(base, 0));
    try {
      await child.waitJson("host:ready", 10_000);
      return true;
    } catch {
      return false;
    } finally {
      await child.stop();
      await removeTemp(base);
    }
  })();
  return works;
}
