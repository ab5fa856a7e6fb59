// The save-pattern suite through the real CLI on Deno, on both watchers (about 10 s). One save
// is left out on the native watcher, where Deno does not keep the promise (README, Runtimes):
// on a loaded machine a burst of git checkouts can reload a plugin two or three times before the
// final bytes run (2 runs in 5 with two busy cores beside it; idle, 10 in 10 were clean).
import { useRuntimeClis } from "../support/runtime-cli.ts";
import { savePatternsSuite } from "./save-patterns-suite.ts";

const clis = useRuntimeClis();
const deno = clis.binaries.get("deno");

if (deno) {
  const hotplug = (args: string[]) => clis.command("deno", deno, args);
  for (const backend of ["native", "poll"] as const) {
    const skip = backend === "native" ? ["git checkout back and forth in a burst"] : [];
    savePatternsSuite(backend, { hotplug, label: "deno, ", skip });
  }
}
