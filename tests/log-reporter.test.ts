import { expect, test } from "bun:test";
import { PassThrough } from "node:stream";
import { createLogger, streamOutput } from "../src/logger.ts";

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

/** Runs `fn` with neither FORCE_COLOR nor NO_COLOR set, whatever the test runner has. */
function withoutColorEnv(fn: () => void) {
  const saved = { FORCE_COLOR: process.env.FORCE_COLOR, NO_COLOR: process.env.NO_COLOR };
  delete process.env.FORCE_COLOR;
  delete process.env.NO_COLOR;
  try {
    fn();
  } finally {
    for (const [key, value] of Object.entries(saved))
      if (value !== undefined) process.env[key] = value;
  }
}

test("a stream is touched at the first line only, and coloured on a terminal", () => {
  withoutColorEnv(() => {
    const chunks: string[] = [];
    let touched = 0;
    const terminal = Object.assign(new PassThrough(), { isTTY: true });
    terminal.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
    const log = createLogger(
      "info",
      streamOutput(() => {
        touched++;
        return terminal;
      }),
    );
    expect(touched).toBe(0);
    log.success("up");
    expect(touched).toBeGreaterThan(0);
    expect(chunks.join("")).toBe("\u001B[32m✔\u001B[39m up\n");
  });
});
