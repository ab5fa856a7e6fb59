// The whole save-pattern suite through the real CLI on Deno, on both watchers (about 10 s).
import { useRuntimeClis } from "../support/runtime-cli.ts";
import { savePatternsSuite } from "./save-patterns-suite.ts";

const clis = useRuntimeClis();
const deno = clis.binaries.get("deno");

if (deno) {
  const hotplug = (args: string[]) => clis.command("deno", deno, args);
  for (const backend of ["native", "poll"] as const) {
    savePatternsSuite(backend, { hotplug, label: "deno, " });
  }
}
