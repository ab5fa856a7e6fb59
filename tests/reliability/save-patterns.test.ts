import { savePatternsSuite } from "./save-patterns-suite.ts";

if (!Bun.which("vim") && !Bun.which("vim.tiny")) {
  console.warn(
    "save-patterns: vim is not installed (neither vim nor vim.tiny): its test is skipped",
  );
}
if (!Bun.which("rsync"))
  console.warn("save-patterns: rsync is not installed: its tests are skipped");

savePatternsSuite("native");
savePatternsSuite("poll");
