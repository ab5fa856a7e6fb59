import { expect, test } from "bun:test";
import { renderUsage } from "citty";
import { helpText } from "../../src/cli/help-text.ts";

const command = {
  meta: { name: "demo", version: "1.0.0", description: "A demo" },
  args: {
    dir: {
      type: "positional" as const,
      description: "The folder",
      default: "plugins",
      required: false,
    },
    json: { type: "boolean" as const, description: "JSON out", default: false },
  },
};
const ESC = "\u001B[";

test("plain without colours, whatever citty decided", async () => {
  const text = helpText(await renderUsage(command), false);
  expect(text).not.toContain(ESC);
  expect(text).toContain("USAGE demo [OPTIONS] [DIR]");
  expect(text).toContain("--json    JSON out (Default: false)");
});

test("styled like citty with colours, even where citty chose none", async () => {
  const text = helpText(await renderUsage(command), true);
  expect(text).toStartWith(`${ESC}90mA demo (demo v1.0.0)${ESC}39m`);
  expect(text).toContain(
    `${ESC}4m${ESC}1mUSAGE${ESC}22m${ESC}24m ${ESC}36mdemo [OPTIONS] [DIR]${ESC}39m`,
  );
  expect(text).toContain(`${ESC}36m--json${ESC}39m    JSON out ${ESC}90m(Default: false)${ESC}39m`);
});

test("the hint under a command list", () => {
  const text = helpText(
    "top\n\nUse demo <command> --help for more information about a command.",
    true,
  );
  expect(text).toContain(`Use ${ESC}36mdemo <command> --help${ESC}39m for more`);
});
