// The save-pattern suite through the real CLI on Deno, on both watchers (about 10 s). Two saves
// are left out on the native watcher, where Deno does not keep the promise (README, Runtimes):
// a burst of git checkouts can reload a plugin twice, or fail it for a moment, before the final
// bytes run; during `rsync --delay-updates` of two plugins Deno's watcher may stop reporting
// anything (each in about one run in three here).
import { useRuntimeClis } from "../support/runtime-cli.ts";
import { savePatternsSuite } from "./save-patterns-suite.ts";

const clis = useRuntimeClis();
const deno = clis.binaries.get("deno");

if (deno) {
  const hotplug = (args: string[]) => clis.command("deno", deno, args);
  for (const backend of ["native", "poll"] as const) {
    const skip =
      backend === "native"
        ? ["git checkout back and forth in a burst", "rsync --delay-updates of two plugins"]
        : [];
    savePatternsSuite(backend, { hotplug, label: "deno, ", skip });
  }
}
