#!/usr/bin/env bun
import { type CliIo, SignalPresses } from "./cli/cli-io.ts";
import { main } from "./main.ts";
import { systemClock } from "./schedule/clock.ts";
import { useColor } from "./use-color.ts";

const presses = new SignalPresses(systemClock);
const io: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stdoutColor: useColor(process.stdout),
  stdin: process.stdin.isTTY ? process.stdin : undefined,
  onSignals(handler) {
    const on = (signal: NodeJS.Signals) => {
      const press = presses.arrived();
      if (press !== undefined) handler(signal, press);
    };
    process.on("SIGINT", on);
    process.on("SIGTERM", on);
  },
  onHangup(handler) {
    process.on("SIGHUP", handler);
  },
  onUncaught(handler) {
    process.on("uncaughtException", handler);
    process.on("unhandledRejection", handler);
  },
  exit: (code) => process.exit(code),
};

process.exitCode = await main(process.argv.slice(2), io);
// The host has released its own handles, so the process normally ends by itself, with stdout
// flushed. A plugin may leave a socket or timer behind: do not hang on it for long.
setTimeout(() => process.exit(), 2000).unref();
