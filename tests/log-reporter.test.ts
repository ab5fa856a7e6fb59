import { expect, test } from "bun:test";
import { createLogger } from "../src/logger.ts";

const capture = (color: boolean, level: "debug" | "warn" = "debug") => {
  const chunks: string[] = [];
  const log = createLogger(level, { write: (chunk) => chunks.push(chunk), color });
  return { log, text: () => chunks.join("") };
};

test("a line is icon, tag and message; code keeps its backticks", () => {
  const { log, text } = capture(false);
  log.success("started");
  log.withTag("greeter").info("say `hi`");
  log.log("plain");
  log.debug({ a: 1 });
  expect(text()).toBe("✔ started\nℹ [greeter] say `hi`\nplain\n⚙ { a: 1 }\n");
});

test("colours only when asked", () => {
  const { log, text } = capture(true);
  log.error("failed");
  expect(text()).toBe("\u001B[31m✖\u001B[39m failed\n");
});

test("the level filters", () => {
  const { log, text } = capture(false, "warn");
  log.info("hidden");
  log.warn("shown");
  expect(text()).toBe("⚠ shown\n");
});
