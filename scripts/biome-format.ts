import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Has biome format a file a script generated, so `biome check` stays clean; warns if it cannot. */
export function biomeFormat(file: string): void {
  const biome = fileURLToPath(new URL("../node_modules/.bin/biome", import.meta.url));
  const formatted = spawnSync(biome, ["format", "--write", file], { stdio: "ignore" });
  if (formatted.status !== 0) console.warn(`could not format ${file}: run biome format --write`);
}
